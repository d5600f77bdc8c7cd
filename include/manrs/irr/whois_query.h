// The IRRd whois query language as a pure function of the session state and
// one query line: no sockets, no clock, so it is unit-tested and fuzzed
// alone; whois_server.h puts it on TCP.
//
// IRRd-style queries (IRRd 4 replies: "A<n>\n<data>\nC\n" where n counts the
// data and its final newline; "C\n" success without data; "D\n" not found or
// empty; "F <text>\n" error):
//   !!            multiple-command mode (no reply); without it the server
//                 closes after the first reply
//   !n<tool>  C        !t<secs>  C, idle timeout 1..1000 s (default 300)
//   !v   version          !q   close
//   !s-lc         the selected sources   !s<A,B>  select sources
//   !j<A,B|-*>    serial range per source
//   !g<AS> !6<AS> prefixes of route / route6 objects of an origin
//   !i<set>[,1]   members of a set; ,1 recursive (ASNs for an as-set,
//                 prefixes with range operators for a route-set)
//   !a[4|6]<set>  prefixes of every AS in an as-set (or a route-set's)
//   !m<class>,<key>  one object's text
//   !r<prefix>[,o|l|L|M]  route objects: exact, origins only, one level
//                 less specific, all less specific, all more specific
//   !fno-rpki-filter  RPKI-invalid route objects visible again in !r and
//                 RIPE-style answers (expansions stay filtered)
// RIPE-style: [-k] [-K] [-s SRC[,SRC]] [-T class[,class]] [-i origin|member-of]
//   [-x|-l|-L|-M] KEY
#ifndef MANRS_IRR_WHOIS_QUERY_H_
#define MANRS_IRR_WHOIS_QUERY_H_

#include <string>
#include <string_view>
#include <vector>

#include "manrs/irr/database.h"
#include "manrs/irr/set_expansion.h"

namespace manrs {

struct WhoisConfig {
  std::string version = "manrs-irr 0.1.0";
  // Sources selected when a session starts, in preference order; empty: all
  // sources of the database in their order.
  std::vector<std::string> default_sources;
  // RPKI-aware mode and ROA route objects for every expansion.
  const VrpTable* vrps = nullptr;
  const std::vector<Vrp>* roa_routes = nullptr;
};

class WhoisSession {
 public:
  // db and config must outlive the session.
  WhoisSession(const IrrDatabase& db, const WhoisConfig& config);

  // Handles one query line (without its line end). Appends the reply (maybe
  // nothing) to *reply. Returns false when the connection is to be closed
  // once the reply is sent.
  bool Handle(std::string_view query, std::string* reply);

  bool multiple_commands() const { return multi_; }
  // Seconds a connection may stay idle; "!t<secs>" changes it.
  int timeout_seconds() const { return timeout_seconds_; }

 private:
  void HandleIrrd(std::string_view query, std::string* reply);
  struct IrrdCommand;
  static const IrrdCommand* FindIrrdCommand(char letter);
  // One handler per IRRd command; command is the letter, arg its parameter.
  void IrrdToolName(char command, std::string_view arg, std::string* reply);
  void IrrdTimeout(char command, std::string_view arg, std::string* reply);
  void IrrdVersion(char command, std::string_view arg, std::string* reply);
  void IrrdSources(char command, std::string_view arg, std::string* reply);
  void IrrdSerials(char command, std::string_view arg, std::string* reply);
  void IrrdOriginRoutes(char command, std::string_view arg, std::string* reply);
  void IrrdSetMembers(char command, std::string_view arg, std::string* reply);
  void IrrdSetPrefixes(char command, std::string_view arg, std::string* reply);
  void IrrdObject(char command, std::string_view arg, std::string* reply);
  void IrrdRoutes(char command, std::string_view arg, std::string* reply);
  void HandleRipe(std::string_view query, std::string* reply, bool* keep_open);
  ExpansionOptions Options() const;
  // RPKI-aware mode: drops RPKI-invalid route objects from !r and RIPE-style
  // answers unless the client sent "!fno-rpki-filter" (as IRRd 4).
  void DropRpkiInvalid(std::vector<const IrrRoute*>* routes) const;
  std::vector<std::string> SelectedNames() const;

  const IrrDatabase& db_;
  const WhoisConfig& config_;
  bool multi_ = false;
  int timeout_seconds_ = 300;
  bool rpki_filter_ = true;
  SourceMask sources_ = kAllSources;
  std::vector<std::uint16_t> order_;  // the sources as the client listed them
};

// "A<n>\n<data>\nC\n", or "D\n" when data is empty.
void AppendAnswer(std::string_view data, std::string* reply);

}  // namespace manrs

#endif  // MANRS_IRR_WHOIS_QUERY_H_
