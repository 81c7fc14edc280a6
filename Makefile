# The two commands a newcomer needs (see README.md). Both install missing tools first.
.PHONY: serve test check bench fuzz clean
serve:            ## serve the playground on the default example
	./scripts/serve.sh
test:             ## run every test (what CI runs)
	./scripts/test.sh
check:            ## the inner loop: fmt, clippy and the native tests (no browser, no release build)
	cargo fmt --all --check
	cargo clippy --workspace --all-targets --locked -- -D warnings
	cargo test --workspace --locked
bench:            ## run the benchmarks and print them against their budgets
	./scripts/bench.sh
clean:
	cargo clean; rm -rf dist
