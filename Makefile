# Two commands on a fresh Debian 12 machine:
#   make run    installs what is needed, builds, and summarises the bundled real MRT data
#   make test   installs what is needed, builds, and runs every test (unit, interop with
#               bgpdump, AddressSanitizer+UBSan build, ThreadSanitizer for the daemons,
#               bounded fuzzing)
JOBS ?= $(shell nproc)
BUILD ?= build
FUZZ_SECONDS ?= 60

RIB := testdata/mrt/libbgpstream__routeviews.route-views.jinx.ribs.1401487200.bz2
UPDATES := testdata/mrt/bgpdump__updates.20160811.1600.gz testdata/mrt/bgpdump__updates.et-header.2015.gz

.PHONY: deps build run test test-release test-asan test-tsan test-fuzz bench format clean

deps:
	@tools/install-deps.sh

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD) -j $(JOBS)

run: build
	$(BUILD)/manrs mrt summary $(RIB) $(UPDATES)

test: deps test-release test-asan test-tsan test-fuzz

test-release: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

build-asan/build.ninja:
	cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DMANRS_SANITIZE=ON -DMANRS_BENCH=OFF

test-asan: deps build-asan/build.ninja
	ninja -C build-asan -j $(JOBS)
	cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS)

# ThreadSanitizer for the daemons only: the manrs binary and the daemon area's
# tests, then the bgpq4/bgpq3 interop suite against `irr serve --threads 4`
# and the fast RTR cache tests. A race report fails the run.
TSAN_TESTS := ^(irr_whois|irr_serve|rtr_serve|rtr_source|WhoisServer\..*|EndpointTest\..*|HttpServerTest\..*|HttpClient.*|SignalWatcherTest\..*)$$
build-tsan/build.ninja:
	cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMANRS_TSAN=ON -DMANRS_BENCH=OFF

test-tsan: deps build-tsan/build.ninja
	ninja -C build-tsan -j $(JOBS) manrs daemon_test irr_test
	cd build-tsan && TSAN_OPTIONS="halt_on_error=1 exitcode=66" IRR_SERVE_THREADS=4 \
	  ctest --output-on-failure -j $(JOBS) -R '$(TSAN_TESTS)'

build-fuzz/build.ninja:
	CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DMANRS_FUZZ=ON -DMANRS_TESTS=OFF -DMANRS_BENCH=OFF

test-fuzz: deps build-fuzz/build.ninja
	ninja -C build-fuzz -j $(JOBS)
	fuzz/run_fuzzers.sh build-fuzz $(FUZZ_SECONDS)

bench: build
	bench/run_all.sh $(BUILD)

format:
	git ls-files '*.cc' '*.h' | xargs clang-format -i

clean:
	rm -rf build build-asan build-tsan build-fuzz
