// Fuzz target for the whois query language: the input is a small RPSL
// database and a stream of queries, separated by the first "\n\n\n"; every
// line of the query part goes through one WhoisSession. Whatever the bytes,
// nothing crashes, and every IRRd-style reply is well formed: "A<n>\n" is
// followed by exactly n bytes and "C\n", or the reply is "C\n", "D\n" or an
// "F ..." line.
//
// Seeds: testdata/irr/bgpq-fixture.rpsl followed by bgpq4's query sequences.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "manrs/irr/database.h"
#include "manrs/irr/dump_loader.h"
#include "manrs/irr/whois_query.h"

namespace {

void CheckIrrdReply(std::string_view reply) {
  if (reply.empty()) return;
  if (reply == "C\n" || reply == "D\n") return;
  if (reply[0] == 'F') {
    if (reply.back() != '\n') std::abort();
    return;
  }
  if (reply[0] != 'A') std::abort();
  std::size_t nl = reply.find('\n');
  if (nl == std::string_view::npos) std::abort();
  std::size_t n = std::stoul(std::string(reply.substr(1, nl - 1)));
  if (reply.size() != nl + 1 + n + 2 || reply.substr(nl + 1 + n) != "C\n") std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::size_t split = input.find("\n\n\n");
  std::string_view rpsl =
      split == std::string_view::npos ? std::string_view() : input.substr(0, split);
  std::string_view queries = split == std::string_view::npos ? input : input.substr(split + 3);
  manrs::ProblemLog problems(nullptr, 10);
  manrs::IrrDatabase db;
  manrs::LoadRpslText(rpsl, "<fuzz>", "", &db, problems);
  db.Finish();
  manrs::WhoisConfig config;
  manrs::WhoisSession session(db, config);
  while (!queries.empty()) {
    std::size_t nl = queries.find('\n');
    std::string_view line = queries.substr(0, nl);
    queries = nl == std::string_view::npos ? std::string_view() : queries.substr(nl + 1);
    std::string reply;
    const bool keep = session.Handle(line, &reply);
    std::size_t start = 0;
    while (start < line.size() && (line[start] == ' ' || line[start] == '\t')) ++start;
    if (start < line.size() && line[start] == '!') CheckIrrdReply(reply);
    if (!keep) break;
  }
  return 0;
}
