"""One Idempotency-Key per submitted content: retries of the same content reuse it, changed content gets a new
one, and what the key was made for survives a save and load."""

from __future__ import annotations

import itertools

from wizard.app.records import RecordStore
from wizard.core.state import Submission, WizardState


def _keys():
    counter = itertools.count(1)
    return lambda: f"key-{next(counter)}"


def test_same_content_keeps_its_key_changed_content_gets_a_new_one():
    submission, new_key = Submission(), _keys()
    first = Submission.content_id("production:12345", "Finstack", "0a1b2c3d")
    assert submission.key_for(first, new_key) == "key-1"
    assert submission.key_for(first, new_key) == "key-1"  # a retry of the same submit
    renamed = Submission.content_id("production:12345", "Finstack 2", "0a1b2c3d")
    assert submission.key_for(renamed, new_key) == "key-2"
    assert submission.submitted_for == renamed
    other_token = Submission.content_id("production:12345", "Finstack 2", "ffffffff")
    assert submission.key_for(other_token, new_key) == "key-3"
    other_environment = Submission.content_id("test:12345", "Finstack 2", "ffffffff")
    assert submission.key_for(other_environment, new_key) == "key-4"


def test_content_id_ignores_spaces_around_the_token_name_and_holds_no_token():
    assert Submission.content_id("production:12345", " Finstack ", "0a1b2c3d") == "production:12345/Finstack/0a1b2c3d"


def test_a_key_saved_before_submitted_for_existed_is_kept_for_the_next_retry():
    submission = Submission(status="failed", idempotency_key="old-key")
    content = Submission.content_id("production:12345", "Finstack", "0a1b2c3d")
    assert submission.key_for(content, _keys()) == "old-key"
    assert submission.submitted_for == content


def test_submitted_for_survives_a_save_and_load():
    state = WizardState(customer_id="c1", environment_text="O12345AA")
    state.submission.key_for(Submission.content_id("production:12345", "Finstack", "0a1b2c3d"), _keys())
    RecordStore().write("c1", state.to_json(), 0)
    loaded = RecordStore().read("c1").state
    assert loaded.submission == state.submission
    assert loaded.submission.submitted_for == "production:12345/Finstack/0a1b2c3d"
