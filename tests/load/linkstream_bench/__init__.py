"""The parts of tests/load/bench: the bench stack, load generators, the nginx ceiling,
data set-up and the report table."""
