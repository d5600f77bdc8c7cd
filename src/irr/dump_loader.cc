#include "manrs/irr/dump_loader.h"

#include <algorithm>
#include <optional>
#include <string>

#include "fmt/format.h"
#include "manrs/base/input.h"
#include "manrs/base/quote.h"
#include "manrs/rpsl/object_reader.h"

namespace manrs {

DumpLoadStats LoadRpslText(std::string_view text, const std::string& name,
                           std::string_view source_override, IrrDatabase* db, ProblemLog& problems,
                           const LoadProgress& progress) {
  DumpLoadStats stats;
  stats.bytes = text.size();
  int fixed_source = -1;
  if (!source_override.empty()) {
    auto s = db->AddSource(source_override);
    if (!s) {
      problems.Report(name, 0, s.error().message);
      return stats;
    }
    fixed_source = *s;
  }
  RpslReader reader(text, name, &problems);
  RpslObject object;
  std::string last_source_name;
  int last_source = -1;
  while (reader.Next(&object)) {
    if (progress && (stats.objects & 4095) == 0) progress(object.offset, text.size());
    int source = fixed_source;
    if (source < 0) {
      const std::string* s = object.Find("source");
      if (!s || s->empty()) {
        problems.ReportAtLine(
            name, object.offset, object.line,
            fmt::format("{} {} has no source (use --source)", object.class_name(), object.key()));
        ++stats.dropped;
        continue;
      }
      if (*s != last_source_name) {
        const bool good = std::all_of(s->begin(), s->end(), [](char c) {
          return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                 c == '-' || c == '_';
        });
        if (!good) {
          problems.ReportAtLine(name, object.offset, object.line,
                                fmt::format("{} {}: bad source {}", object.class_name(),
                                            object.key(), QuoteForMessage(*s)));
          ++stats.dropped;
          continue;
        }
        auto added = db->AddSource(*s);
        if (!added) {
          problems.Report(name, object.offset, added.error().message);
          ++stats.dropped;
          continue;
        }
        last_source_name = *s;
        last_source = *added;
      }
      source = last_source;
    }
    if (db->AddObject(object, static_cast<std::uint16_t>(source), name, problems)) {
      ++stats.objects;
    } else {
      ++stats.dropped;
    }
  }
  stats.dropped += reader.objects_dropped();
  if (progress) progress(text.size(), text.size());
  return stats;
}

namespace {

// A dump cut short (its compressed stream damaged, or its text ending inside
// a line) loses its last object, which may be missing attributes it had:
// text is cut back to the blank line before that object and the cut is
// reported there. damage is the stream's error, if any.
std::string_view DropCutObject(std::string_view text, const std::string& path,
                               const std::optional<Error>& damage, ProblemLog& problems) {
  if (!damage && (text.empty() || text.back() == '\n')) return text;
  const std::size_t blank = text.rfind("\n\n");
  const std::size_t keep = blank == std::string_view::npos ? 0 : blank + 1;
  std::string what = damage ? damage->message : "the dump ends inside a line (cut short?)";
  if (what.starts_with(path + ": ")) what.erase(0, path.size() + 2);  // named once
  const auto line = static_cast<std::uint64_t>(std::count(text.begin(), text.begin() + keep, '\n'));
  problems.ReportAtLine(path, keep, line + 1,
                        keep < text.size() ? what + "; the object cut there is dropped" : what);
  return text.substr(0, keep);
}

}  // namespace

Result<DumpLoadStats> LoadRpslDump(const std::string& path, std::string_view source_override,
                                   IrrDatabase* db, ProblemLog& problems,
                                   const LoadProgress& progress) {
  std::optional<Error> damage;
  auto input = OpenInput(path);
  if (!input) return Unexpected<Error>(input.error());
  if (auto view = (*input)->View()) {  // a plain file, read in place
    const std::string_view text(reinterpret_cast<const char*>(view->data()), view->size());
    return LoadRpslText(DropCutObject(text, path, damage, problems), path, source_override, db,
                        problems, progress);
  }
  auto text = ReadWholeInput(path, &damage);
  if (!text) return Unexpected<Error>(text.error());
  return LoadRpslText(DropCutObject(*text, path, damage, problems), path, source_override, db,
                      problems, progress);
}

}  // namespace manrs
