#include "manrs/mrt/element_reader.h"

namespace manrs {

Result<std::unique_ptr<ElementReader>> ElementReader::Open(const std::string& path,
                                                           ProblemLog& problems) {
  auto input = OpenInput(path);
  if (!input) return Unexpected<Error>(std::move(input.error()));
  return std::make_unique<ElementReader>(std::move(*input), problems);
}

ElementReader::ElementReader(std::unique_ptr<Input> input, ProblemLog& problems)
    : input_(std::move(input)), records_(*input_, problems), decoder_(input_->path(), problems) {}

const Element* ElementReader::Next() {
  while (next_ >= batch_.size()) {
    RawRecord record;
    if (!records_.Next(&record)) return nullptr;
    decoder_.Decode(record, &batch_);
    next_ = 0;
  }
  return &batch_[next_++];
}

}  // namespace manrs
