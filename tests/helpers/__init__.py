"""What the tests share: paths, expected values, the bad-input harness, guards and benchmarks."""
