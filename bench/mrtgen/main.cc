// mrtgen: writes synthetic MRT files at Internet size for benchmarks, shaped
// by distributions measured on real dumps (see shapes.inc).
//
//   mrtgen rib --prefixes 1000000 --v6-share 0.18 --peers 50 -o rib.mrt
//   mrtgen updates --messages 100000 --peers 20 -o updates.mrt
//
// Output is uncompressed (pipe "-o -" through gzip). On success prints to
// stderr what it wrote, including the number of lines `bgpdump -m` will print.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <optional>

#include "rib.h"
#include "updates.h"

namespace {

using manrs::mrtgen::RibOptions;
using manrs::mrtgen::UpdateOptions;

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

int Fail(const manrs::Error& error) {
  fmt::print(stderr, "mrtgen: {}\n", error.message);
  return 1;
}

// Options both kinds of file take.
template <typename Options>
void AddCommon(CLI::App* app, Options& o, std::optional<double>& local_pref) {
  app->add_option("-o,--output", o.output, "output file, - for stdout")->required();
  app->add_option("--seed", o.seed, "random seed (same seed, same bytes)");
  app->add_option("--v6-share", o.v6_share, "share of IPv6 prefixes / UPDATEs")
      ->check(CLI::Range(0.0, 1.0));
  app->add_option("--local-pref-share", local_pref,
                  "share of routes with LOCAL_PREF (default: as measured, 0)")
      ->check(CLI::Range(0.0, 1.0));
  app->add_option("--long-attr-share", o.long_attr_share,
                  "share of routes with 64-100 communities (tests extended-length attributes)")
      ->check(CLI::Range(0.0, 1.0));
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"mrtgen: synthetic MRT files shaped by measured collector data"};
  app.require_subcommand(1);
  RibOptions rib;
  UpdateOptions updates;
  std::optional<double> rib_local_pref;
  std::optional<double> updates_local_pref;

  CLI::App* rib_cmd = app.add_subcommand("rib", "TABLE_DUMP_V2 RIB dump");
  rib_cmd->add_option("--prefixes", rib.prefixes, "unique prefixes");
  rib_cmd->add_option("--peers", rib.peers, "collector peers")->check(CLI::Range(1, 65535));
  rib_cmd->add_option("--time", rib.dump_time, "dump time, seconds since 1970");
  AddCommon(rib_cmd, rib, rib_local_pref);

  CLI::App* upd_cmd = app.add_subcommand("updates", "BGP4MP UPDATE stream");
  upd_cmd->add_option("--messages", updates.messages, "UPDATE messages");
  upd_cmd->add_option("--peers", updates.peers, "collector peers")->check(CLI::Range(1, 65535));
  upd_cmd->add_option("--time", updates.start_time, "first timestamp, seconds since 1970");
  AddCommon(upd_cmd, updates, updates_local_pref);

  CLI11_PARSE(app, argc, argv);

  const auto start = std::chrono::steady_clock::now();
  if (rib_cmd->parsed()) {
    rib.local_pref_share = rib_local_pref;
    auto stats = manrs::mrtgen::WriteRib(rib);
    if (!stats) return Fail(stats.error());
    fmt::print(stderr,
               "mrtgen: rib: {} prefixes ({} IPv4, {} IPv6), {} peers, {} entries, {} records, "
               "{} bytes in {:.2f} s\n",
               stats->v4_prefixes + stats->v6_prefixes, stats->v4_prefixes, stats->v6_prefixes,
               rib.peers, stats->entries, stats->records, stats->bytes, SecondsSince(start));
    fmt::print(stderr, "mrtgen: bgpdump -m lines: {}\n", stats->entries);
    return 0;
  }
  updates.local_pref_share = updates_local_pref;
  auto stats = manrs::mrtgen::WriteUpdates(updates);
  if (!stats) return Fail(stats.error());
  fmt::print(stderr,
             "mrtgen: updates: {} UPDATEs ({} prefixes announced, {} withdrawn), {} state "
             "changes, {} peers, {} s of traffic, {} bytes in {:.2f} s\n",
             stats->updates, stats->announced, stats->withdrawn, stats->state_changes,
             updates.peers, stats->last_time - updates.start_time, stats->bytes,
             SecondsSince(start));
  fmt::print(stderr, "mrtgen: bgpdump -m lines: {}\n", stats->lines());
  return 0;
}
