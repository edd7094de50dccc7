"""A screen reader's view of the wizard: drives the connect journey over AT-SPI with accessible actions only
(Press, Toggle, and typing into editable text), listening for announcements and focus changes as Orca would.

Run by Debian's /usr/bin/python3 (pyatspi comes from python3-pyatspi; a venv cannot import gi), inside the D-Bus
session where the wizard runs with QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1. It imports nothing of the wizard: what it
knows is what a user hears. Prints one JSON object: the pages walked, what was announced, and where it stopped.

    /usr/bin/python3 atspi_driver.py WORDS_JSON

WORDS_JSON names what the driver looks for, in the window's language: {"window": title, "next": …, "finish": …,
"here": the step list's word for the current step,
"long_actions": [buttons that start a job], "skip": [parts of names of boxes not to tick], "fields": {name: text}}.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pyatspi
from gi.repository import GLib

APP_NAME = "Finstack AFAS wizard"
WORDS: dict = {}
heard: list[dict[str, str]] = []


def _on_event(event) -> None:
    if event.type.startswith("object:state-changed:focused") and not event.detail1:
        return  # focus lost: a screen reader says nothing
    text = str(event.any_data) if event.type == "object:announcement" else ""
    heard.append({"type": event.type, "text": text, "source": event.source.name if event.source else "",
                  "role": event.source.getRoleName() if event.source else ""})


def pump(seconds: float) -> None:
    context, end = GLib.MainContext.default(), time.monotonic() + seconds
    while time.monotonic() < end:
        while context.pending():
            context.iteration(False)
        time.sleep(0.02)


def wait_for(condition, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        pump(0.1)
    return condition()


def find_app(seconds: float = 60.0):
    found = []

    def look() -> bool:
        for app in pyatspi.Registry.getDesktop(0):
            if app is not None and app.name == APP_NAME:
                found.append(app)
                return True
        return False

    return found[0] if wait_for(look, seconds) else None


def showing(acc) -> bool:
    try:
        return acc.getState().contains(pyatspi.STATE_SHOWING)
    except Exception:
        return False


def state(acc, which) -> bool:
    try:
        return acc.getState().contains(which)
    except GLib.Error:
        return False


class Control:
    """One object of the tree as it was when read (the tree changes under a reader: a page is laid out again)."""

    def __init__(self, acc) -> None:
        self.acc, self.role, self.name = acc, acc.getRoleName(), acc.name or ""

    def getRoleName(self) -> str:
        return self.role

    def __getattr__(self, name):
        return getattr(self.acc, name)


def controls(app) -> list[Control]:
    found: list[Control] = []

    def walk(acc, depth=0) -> None:
        try:
            if depth > 0 and not showing(acc):
                return
            found.append(Control(acc))
            children = [acc.getChildAtIndex(i) for i in range(acc.childCount)]
        except GLib.Error:
            return  # gone while read
        for child in children:
            if child is not None:
                walk(child, depth + 1)

    walk(app)
    return found


def act(acc, name: str) -> bool:
    try:
        action = acc.queryAction()
    except NotImplementedError:
        return False
    names = [action.getName(i) for i in range(action.nActions)]
    if name not in names:
        return False
    return bool(action.doAction(names.index(name)))


def by_name(app, name: str, role: str = "push button"):
    return next((a for a in controls(app) if a.getRoleName() == role and a.name == name), None)


def fill(acc, value: str) -> None:
    editable = acc.queryEditableText()
    editable.setTextContents(value)


def page_title(app) -> str:
    """The step list's current item, without its "you are here"."""
    here = ": " + WORDS["here"]
    item = next((a for a in controls(app) if a.getRoleName() == "list item" and a.name.endswith(here)), None)
    return item.name.removesuffix(here) if item else "?"


def walk_page(app) -> None:
    """What a user would do on the page in front of them: tick what asks to be ticked, type what is asked, start
    the page's long action and wait until it is announced as ended."""
    for acc in controls(app):
        role = acc.getRoleName()
        if role == "check box" and not state(acc, pyatspi.STATE_CHECKED) \
                and not any(s in acc.name for s in WORDS["skip"]):
            act(acc, "Toggle")
        elif role == "text" and state(acc, pyatspi.STATE_EDITABLE):
            for label, value in WORDS["fields"].items():
                if label in acc.name and acc.queryText().getText(0, -1) != value:
                    fill(acc, value)
    pump(0.5)
    for button in WORDS["long_actions"]:
        target = by_name(app, button)
        if target is not None and state(target, pyatspi.STATE_SENSITIVE):
            before = len(heard)
            act(target, "Press")
            wait_for(lambda before=before: sum(e["type"] == "object:announcement" for e in heard[before:]) >= 2, 30)
            pump(0.3)  # the focus move that follows the result


def unnamed_or_marked(app) -> list[str]:
    """Controls a screen reader cannot name, or whose name carries a mnemonic's '&'."""
    problems = []
    for acc in controls(app):
        role = acc.getRoleName()
        if role in ("push button", "check box", "radio button", "text", "password text", "list item", "list") \
                or (state(acc, pyatspi.STATE_FOCUSABLE) and role == "label"):
            if not acc.name.strip() or "&" in acc.name.replace("& ", ""):
                problems.append(f"{role} {acc.name!r}")
    return problems


def main() -> int:
    WORDS.update(json.loads(sys.argv[1]))
    pyatspi.Registry.registerEventListener(_on_event, "object:announcement")
    pyatspi.Registry.registerEventListener(_on_event, "object:state-changed:focused")
    app = find_app()
    result: dict[str, object] = {"pages": [], "heard": heard, "stopped": "", "unnamed": []}
    if app is None:
        result["stopped"] = "the wizard never appeared on the accessibility bus"
        print(json.dumps(result))
        return 1
    wait_for(lambda: by_name(app, WORDS["next"]) is not None, 30)
    # Xvfb has no window manager to give the window the keyboard, as a desktop does when a program starts: a screen
    # reader user would be in it. Focus (and the focus events a screen reader follows) exists only then.
    subprocess.run(["xdotool", "search", "--name", WORDS["window"], "windowfocus"], check=False, timeout=10)
    pump(0.5)
    for _ in range(15):
        result["pages"].append(page_title(app))
        result["unnamed"] += [f"{page_title(app)}: {problem}" for problem in unnamed_or_marked(app)]
        walk_page(app)
        finish = by_name(app, WORDS["finish"])
        if finish is not None and state(finish, pyatspi.STATE_SENSITIVE):
            result["stopped"] = "finished"
            break
        following = by_name(app, WORDS["next"])
        if following is None or not wait_for(lambda following=following: state(following, pyatspi.STATE_SENSITIVE),
                                             10):
            result["stopped"] = f"Next is not enabled on {page_title(app)}: " + "; ".join(
                f"{a.getRoleName()} {a.name!r}" for a in controls(app)
                if a.getRoleName() in ("check box", "text", "push button") and a.name)
            break
        title = page_title(app)
        act(following, "Press")
        wait_for(lambda title=title: page_title(app) != title, 10)
    pump(0.5)
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
