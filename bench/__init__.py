"""Load benchmark: a whole room of simulated phones votes at once (see bench/README.md)."""
