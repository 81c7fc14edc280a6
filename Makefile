# The two commands a newcomer needs (see README.md). Both install missing tools first.
.PHONY: serve test bench fuzz clean
serve:            ## serve the playground on the default example
	./scripts/serve.sh
test:             ## run every test (what CI runs)
	./scripts/test.sh
bench:            ## run the benchmarks and print them against their budgets
	./scripts/bench.sh
clean:
	cargo clean; rm -rf dist
