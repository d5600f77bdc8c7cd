#include "manrs/irr/dump_loader.h"

#include <algorithm>

#include "fmt/format.h"
#include "manrs/base/input.h"
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
        problems.Report(name, object.offset,
                        fmt::format("line {}: {} {} has no source (use --source)", object.line,
                                    object.class_name(), object.key()));
        ++stats.dropped;
        continue;
      }
      if (*s != last_source_name) {
        const bool good = std::all_of(s->begin(), s->end(), [](char c) {
          return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                 c == '-' || c == '_';
        });
        if (!good) {
          problems.Report(name, object.offset,
                          fmt::format("line {}: {} {}: bad source '{}'", object.line,
                                      object.class_name(), object.key(), *s));
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

Result<DumpLoadStats> LoadRpslDump(const std::string& path, std::string_view source_override,
                                   IrrDatabase* db, ProblemLog& problems,
                                   const LoadProgress& progress) {
  auto input = OpenInput(path);
  if (!input) return Unexpected<Error>(input.error());
  if (auto view = (*input)->View()) {
    return LoadRpslText(std::string_view(reinterpret_cast<const char*>(view->data()), view->size()),
                        path, source_override, db, problems, progress);
  }
  std::string text;
  std::vector<std::byte> buffer(1 << 20);
  while (true) {
    auto got = (*input)->Read(buffer);
    if (!got) {
      // Keep what was recovered from a damaged compressed file; say so.
      problems.Report(path, (*input)->consumed(), got.error().message);
      break;
    }
    if (*got == 0) break;
    text.append(reinterpret_cast<const char*>(buffer.data()), *got);
  }
  return LoadRpslText(text, path, source_override, db, problems, progress);
}

}  // namespace manrs
