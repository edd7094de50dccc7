"""The saved-progress loader on anything a damaged, hand-edited or hostile state.json can hold: it always returns a
usable state (and a notice when it reset or set something aside), never raises, and what it returns saves and
loads again unchanged."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from wizard.core.settings import SettingsStore
from wizard.core.state import WizardState

_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
                     st.floats(allow_nan=False), st.text(max_size=40))
_JSON = st.recursive(_SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                        st.dictionaries(st.text(max_size=12), inner, max_size=4)),
                     max_leaves=20)
_FIELDS = [f for f in WizardState.__dataclass_fields__ if f != "customer_id"]


def _customer() -> st.SearchStrategy[dict]:
    """A customer entry: real field names with any JSON values, and a few unknown keys."""
    return st.fixed_dictionaries({"customer_id": st.one_of(st.text(min_size=1, max_size=8), _JSON)},
                                 optional={name: _JSON for name in _FIELDS})


_DOCUMENT = st.one_of(
    _JSON,
    st.fixed_dictionaries({"schema_version": st.one_of(st.sampled_from([1, 2, 3, 0, True, "2"]), _JSON)},
                          optional={"customers": st.one_of(st.lists(_customer(), max_size=3), _JSON),
                                    "current_customer": _JSON, "language": _JSON, "finstack_api_url": _JSON,
                                    **{name: _JSON for name in _FIELDS[:8]}}),
)


@given(_DOCUMENT)
def test_any_json_loads_into_a_usable_state(document):
    with tempfile.TemporaryDirectory() as folder:
        store = SettingsStore(Path(folder))
        store.path.write_text(json.dumps(document), encoding="utf-8")
        loaded = store.load()
        assert isinstance(loaded.state, WizardState)
        store.save(loaded.state)  # whatever was loaded can be saved, and reads back the same
        again = SettingsStore(Path(folder)).load()
        assert again.state == loaded.state and again.notice is None


@given(st.binary(max_size=200))
def test_any_bytes_load_into_a_usable_state(raw):
    with tempfile.TemporaryDirectory() as folder:
        store = SettingsStore(Path(folder))
        store.path.write_bytes(raw)
        loaded = store.load()
        assert isinstance(loaded.state, WizardState)
