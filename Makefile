# Two commands on a fresh Debian 12 machine:
#   make run    installs what is needed, builds, and runs the MANRS observatory on the bundled
#               real data (table on the terminal, HTML reports in build/observatory/)
#   make test   installs what is needed, builds, and runs every test (unit, interop with
#               bgpdump, AddressSanitizer+UBSan build, ThreadSanitizer for the daemons,
#               bounded fuzzing)
JOBS ?= $(shell nproc)
BUILD ?= build
FUZZ_SECONDS ?= 60

RIB := testdata/mrt/libbgpstream__routeviews.route-views.jinx.ribs.1401487200.bz2
UPDATES := testdata/mrt/libbgpstream__routeviews.route-views.jinx.updates.1401493500.bz2
OBSERVE := $(BUILD)/observatory
OBSERVE_RPSL := testdata/irr/rpki-irr-bgp-stats__ripe-db-route.txt \
  testdata/irr/rpki-irr-bgp-stats__ripe-db-route6.txt testdata/irr/rpsl-rs__aut-num_AS3257.txt \
  testdata/irr/irrd__rpsl_samples_valid.rpsl testdata/filter/sets.rpsl
OBSERVE_ASES := 3333 15169 13335 3320 37100

.PHONY: deps build run test test-release test-asan test-tsan test-fuzz bench format clean

deps:
	@tools/install-deps.sh

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD) -j $(JOBS)

# One collector with one full-table peer: the visibility rule is 1 peer (README).
run: build
	@mkdir -p $(OBSERVE)
	$(BUILD)/manrs irr load -q --db $(OBSERVE)/irr.db --source RIPE $(OBSERVE_RPSL)
	$(BUILD)/manrs observe -q --lenient --mrt $(RIB) $(UPDATES) \
	  --vrps testdata/rpki/rpkilog__rpkiclient_summary_20250720T093135Z.json.bz2 \
	  --irr $(OBSERVE)/irr.db --asrel testdata/asrel/mthodi-toposcope__2016_inferred_rel.txt.gz \
	  --bogons testdata/bogons/cymru-fullbogons-ipv4.20250715.txt \
	  --peeringdb testdata/peeringdb/arouteserver__peeringdb_net_3333_10745.json \
	  --min-peers 1 --store sqlite:$(OBSERVE)/observatory.sqlite 2> $(OBSERVE)/observe.log \
	  || { cat $(OBSERVE)/observe.log; exit 1; }
	$(BUILD)/manrs report --all --store $(OBSERVE)/observatory.sqlite --format table
	@for asn in $(OBSERVE_ASES); do \
	  $(BUILD)/manrs report $$asn --store $(OBSERVE)/observatory.sqlite --format html \
	    -o $(OBSERVE)/AS$$asn.html || exit 1; echo "wrote $(OBSERVE)/AS$$asn.html"; done

test: deps test-release test-asan test-tsan test-fuzz

test-release: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

build-asan/build.ninja:
	cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DMANRS_SANITIZE=ON -DMANRS_BENCH=OFF

# AddressSanitizer+UBSan runs every test but the long differential runs over whole
# real tables (the Release run has them; the unit tests and fuzzers cover their code
# under the sanitizers): CI stays under 45 minutes on 2 cores.
ASAN_SKIP := ^(rov|sav_acl|sav_audit|AspaDifferentialTest\..*|RtrlibRealDataTest\..*|bgpdump_compat\..*|VrpTableRandomTest\..*|PrefixSetRandomTest\..*)$$
test-asan: deps build-asan/build.ninja
	ninja -C build-asan -j $(JOBS)
	cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS) -E '$(ASAN_SKIP)'

# ThreadSanitizer for the daemons and the sharded observer: the manrs binary
# and the daemon area's tests, then the bgpq4/bgpq3 interop suite against
# `irr serve --threads 4`, the fast RTR cache tests and the observer on 1-4
# threads. A race report fails the run.
TSAN_TESTS := ^(irr_whois|irr_serve|rtr_serve|rtr_source|WhoisServer\..*|EndpointTest\..*|HttpServerTest\..*|HttpClient.*|SignalWatcherTest\..*|ObserverThreadsTest\..*|web_reload|RenderCacheTest\..*)$$
build-tsan/build.ninja:
	cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMANRS_TSAN=ON -DMANRS_BENCH=OFF

test-tsan: deps build-tsan/build.ninja
	ninja -C build-tsan -j $(JOBS) manrs daemon_test irr_test web_test observe_test
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
