"""Benchmarks (not tests): they print figures; they never pass or fail on time."""
