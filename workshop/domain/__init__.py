"""Pure rules of a workshop: standard library only (checked by tests/domain/test_purity.py)."""
