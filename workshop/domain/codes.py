"""Join codes people type from a projector, and the secrets behind links."""

import hashlib
import secrets
import unicodedata

# No 0/O, 1/I/L, 5/S, 2/Z, 8/B: nothing a person could misread from 10 metres.
JOIN_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
JOIN_CODE_LENGTH = 6
_SEPARATORS = " -_.\t"


def generate_join_code(rng: secrets.SystemRandom | None = None) -> str:
    """Return a fresh random join code; uniqueness is the database's job."""
    rng = rng or secrets.SystemRandom()
    return "".join(rng.choice(JOIN_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalise_join_code(typed: str) -> str | None:
    """Return the canonical code for what a person typed, or None if it cannot be one.

    Case and separators are ignored, so "ab-c d3" and "ABCD3" are the same code.
    """
    text = unicodedata.normalize("NFKC", typed or "").upper()
    code = "".join(ch for ch in text if ch not in _SEPARATORS)
    if len(code) != JOIN_CODE_LENGTH or any(ch not in JOIN_ALPHABET for ch in code):
        return None
    return code


def format_join_code(code: str) -> str:
    """Return the code split in two halves for reading aloud: "ACD EFG"."""
    half = len(code) // 2
    return f"{code[:half]} {code[half:]}"


def new_secret() -> str:
    """Return a URL-safe secret of 256 bits (facilitator links, rejoin links)."""
    return secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    """Return the digest stored in place of a secret, so a leaked database opens nothing."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()
