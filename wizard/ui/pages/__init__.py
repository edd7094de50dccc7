"""One module per wizard page, in the order of wizard.core.flow.PAGES."""
