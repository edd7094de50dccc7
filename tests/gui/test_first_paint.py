"""The first page is up before anything it does not need is loaded: no HTTP client, no keyring, no TLS store,
no OpenSSL, no XML parser, no token test, no .gcn reader, no stand-ins and no command line at the first paint
(they load when first used, or in the warm-up after the first paint)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.gui

NOT_AT_FIRST_PAINT = ("httpx", "keyring", "truststore", "_hashlib", "hashlib", "xml", "uuid", "wizard.cli",
                      "wizard.standins", "wizard.core.getconnectors", "wizard.core.token_test.run",
                      "wizard.core.token_test.checks", "wizard.core.afas_client", "wizard.core.report")

PROBE = f"""
import json, sys
from wizard.__main__ import main
status = main([])
watched = {NOT_AT_FIRST_PAINT!r}
loaded = sorted(m for m in sys.modules if any(m == w or m.startswith(w + ".") for w in watched))
print(json.dumps({{"status": status, "loaded": loaded}}))
"""


def test_the_first_page_is_painted_before_the_network_keyring_and_readers_load(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "FINSTACK_WIZARD_EXIT_AFTER_FIRST_PAINT": "1",
           "FINSTACK_WIZARD_CONFIG_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=60,
                          check=False)
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report == {"status": 0, "loaded": []}, done.stderr[-2000:]
