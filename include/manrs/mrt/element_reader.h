// ElementReader: opens an MRT file and delivers its elements, either pulled
// one at a time (Next) or pushed to a visitor a record at a time (ForEach, the
// fast path). Both report damage to the ProblemLog and go on.
//
//   ProblemLog problems;
//   auto reader = ElementReader::Open("rib.bz2", problems);
//   while (const Element* e = reader->Next()) { ... }
#ifndef MANRS_MRT_ELEMENT_READER_H_
#define MANRS_MRT_ELEMENT_READER_H_

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "manrs/base/input.h"
#include "manrs/mrt/record_decoder.h"
#include "manrs/mrt/record_reader.h"

namespace manrs {

class ElementReader {
 public:
  static Result<std::unique_ptr<ElementReader>> Open(const std::string& path, ProblemLog& problems);
  ElementReader(std::unique_ptr<Input> input, ProblemLog& problems);

  // The next element, or null at the end; valid until the next call.
  const Element* Next();

  // Calls visit with the elements of each record in turn (the span may be
  // empty for records without routes), and the record itself.
  template <typename Visit>
  void ForEachRecord(Visit&& visit) {
    RawRecord record;
    while (records_.Next(&record)) {
      decoder_.Decode(record, &batch_);
      visit(record, std::span<const Element>(batch_));
    }
  }
  template <typename Visit>
  void ForEach(Visit&& visit) {
    ForEachRecord([&](const RawRecord&, std::span<const Element> elements) {
      for (const Element& e : elements) visit(e);
    });
  }

  // See RecordDecoder::set_session_messages.
  void set_session_messages(bool on) { decoder_.set_session_messages(on); }

  const DecodeStats& stats() const { return decoder_.stats(); }
  const RecordDecoder& decoder() const { return decoder_; }
  const Input& input() const { return *input_; }

 private:
  std::unique_ptr<Input> input_;
  RecordReader records_;
  RecordDecoder decoder_;
  std::vector<Element> batch_;
  std::size_t next_ = 0;
};

}  // namespace manrs

#endif  // MANRS_MRT_ELEMENT_READER_H_
