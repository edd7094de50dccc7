"""The token test: `report` (results as data, cheap to import), `checks` (what is asked of AFAS) and `run`
(run_token_test, which loads the HTTP client). This package imports nothing itself."""
