"""One module per wizard page: page `name` lives in `<name>.py` (wizard.app.flow declares the names); the other
modules here are parts of pages."""
