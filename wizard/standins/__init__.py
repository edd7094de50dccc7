"""Local stand-ins of AFAS Profit's REST API and of Finstack's source API.

They serve `--demo` and every integration test of the wizard's clients, so they answer as the real services are
documented to answer (see /work/shared/reference and docs/finstack-source-api.md). They bind 127.0.0.1 only,
never log, and never record a token. No Qt here: the import-linter contract forbids it.
"""
