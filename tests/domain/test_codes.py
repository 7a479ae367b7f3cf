import random

from workshop.domain.codes import (
    JOIN_ALPHABET,
    JOIN_CODE_LENGTH,
    format_join_code,
    generate_join_code,
    hash_secret,
    new_secret,
    normalise_join_code,
)


def test_join_codes_use_no_confusable_characters():
    for confusable in "0O1IL5S2Z8B":
        assert confusable not in JOIN_ALPHABET


def test_generated_codes_have_the_fixed_length_and_alphabet():
    rng = random.Random(4)
    for _ in range(200):
        code = generate_join_code(rng)
        assert len(code) == JOIN_CODE_LENGTH
        assert set(code) <= set(JOIN_ALPHABET)


def test_typed_codes_ignore_case_and_separators():
    assert normalise_join_code(" acd-efg ") == "ACDEFG"
    assert normalise_join_code("acd efg") == "ACDEFG"
    assert (
        normalise_join_code("ＡＣＤＥＦＧ") == "ACDEFG"
    )  # full-width letters from a phone keyboard


def test_impossible_codes_are_refused_before_any_lookup():
    for typed in ("", "ACDEF", "ACDEFGH", "ACDEF0", "<script>", None, "ACD EF\x00"):
        assert normalise_join_code(typed) is None


def test_codes_are_read_aloud_in_two_halves():
    assert format_join_code("ACDEFG") == "ACD EFG"


def test_secrets_carry_at_least_128_bits_and_are_stored_hashed():
    secret = new_secret()
    assert len(secret) >= 43  # 32 random bytes, URL-safe base64
    assert hash_secret(secret) != secret and len(hash_secret(secret)) == 64
    assert hash_secret(secret) == hash_secret(secret)
