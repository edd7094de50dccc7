"""Which token a test, a save in the password store or a submission is about: the environment, the token name
(normalised once, here) and the token's fingerprint. Never the token itself."""

from __future__ import annotations

from dataclasses import dataclass

from wizard.core.environment import AfasEnvironment
from wizard.core.token import AfasToken


def normalise_token_name(name: str) -> str:
    """The token name as AFAS and Finstack see it: without the spaces people type around it."""
    return name.strip()


@dataclass(frozen=True)
class TokenIdentity:
    environment_key: str  # "production:12345"
    token_name: str  # normalised
    fingerprint: str  # 8 hex characters of the token's SHA-256

    @classmethod
    def of(cls, environment: AfasEnvironment | None, token_name: str, token: AfasToken | None) -> TokenIdentity | None:
        """The identity of what the fields hold; None while one of the three is missing."""
        name = normalise_token_name(token_name)
        if environment is None or token is None or not name:
            return None
        return cls(environment.key, name, token.fingerprint)

    @property
    def account(self) -> tuple[str, str]:
        """Where it is kept in the password store: (environment key, token name)."""
        return self.environment_key, self.token_name

    @property
    def content_id(self) -> str:
        """What a submission sends, in words that are never secret: 'production:12345/Finstack/0a1b2c3d'."""
        return f"{self.environment_key}/{self.token_name}/{self.fingerprint}"
