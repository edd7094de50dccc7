"""The record reader on anything a damaged, hand-edited or hostile record file can hold: it returns a usable record
or names the file as unusable, never raises anything else, and what it returns saves and reads back unchanged;
whatever it opens, the flow can repair into a record a window can open."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from wizard.app.flow import Flow, FlowContext, repair
from wizard.app.records import RecordProblem, RecordStore
from wizard.core.state import WizardState

_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
                     st.floats(allow_nan=False), st.text(max_size=40))
_JSON = st.recursive(_SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                        st.dictionaries(st.text(max_size=12), inner, max_size=4)),
                     max_leaves=20)
_FIELDS = [f for f in WizardState.__dataclass_fields__ if f != "customer_id"]
_PAGES = st.one_of(st.sampled_from(["welcome", "token", "submit", "done", "", "gone", "new_token"]), _JSON)

_DOCUMENT = st.one_of(
    _JSON,
    st.fixed_dictionaries({"schema_version": st.one_of(st.sampled_from([1, 2, 3, 4, 0, True, "3"]), _JSON)},
                          optional={"current_page": _PAGES, "journey": st.one_of(
                                        st.sampled_from(["connect", "replace", "renew", "later"]), _JSON),
                                    "revision": _JSON, **{name: _JSON for name in _FIELDS}}),
)


@given(_DOCUMENT)
def test_any_json_reads_as_a_record_that_opens_or_is_named_unusable(document):
    with tempfile.TemporaryDirectory() as folder:
        store = RecordStore(Path(folder))
        store.path("r1").write_text(json.dumps(document), encoding="utf-8")
        try:
            loaded = store.read("r1")
        except RecordProblem as problem:
            assert problem.why in ("unreadable", "newer", "too_large")
            return
        state = loaded.state
        repair(state)
        assert state.current_page in Flow().route(FlowContext(state))
        assert store.write("r1", state.to_json(), loaded.revision).written
        again = store.read("r1").state
        assert again == state and repair(again) == []


@given(st.binary(max_size=200))
def test_any_bytes_read_as_a_record_or_are_named_unusable(raw):
    with tempfile.TemporaryDirectory() as folder:
        store = RecordStore(Path(folder))
        store.path("r1").write_bytes(raw)
        try:
            assert isinstance(store.read("r1").state, WizardState)
        except RecordProblem:
            pass
