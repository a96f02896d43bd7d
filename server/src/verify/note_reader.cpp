#include "verify/note_reader.hpp"

#include "crypto/encoding.hpp"
#include "crypto/sha256.hpp"

namespace mr::verify {
namespace {

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const std::size_t eol = text.find('\n');
    lines.push_back(text.substr(0, eol));
    text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
  }
  return lines;
}

}  // namespace

std::string ed25519_note_key_id(std::string_view name, std::string_view public_key) {
  std::string input(name);
  input += '\n';
  input += '\x01';
  input.append(public_key);
  return std::string(crypto::as_view(crypto::sha256(input)).substr(0, 4));
}

std::optional<Note> read_note(std::string_view text, std::string& why) {
  if (text.size() < 2 || text.back() != '\n') {
    why = "does not end in a newline";
    return std::nullopt;
  }
  for (unsigned char c : text)
    if (c < 0x20 && c != '\n') {
      why = "holds a control character";
      return std::nullopt;
    }
  const std::size_t blank = text.rfind("\n\n");
  if (blank == std::string_view::npos) {
    why = "has no blank line before its signatures";
    return std::nullopt;
  }
  Note note;
  note.body = std::string(text.substr(0, blank + 1));
  const auto lines = split_lines(text.substr(blank + 2));
  if (lines.empty()) {
    why = "has no signature";
    return std::nullopt;
  }
  static constexpr std::string_view kPrefix = "\xE2\x80\x94 ";
  for (std::string_view line : lines) {
    if (!line.starts_with(kPrefix)) {
      why = "signature line does not start with \"— \"";
      return std::nullopt;
    }
    line.remove_prefix(kPrefix.size());
    const std::size_t space = line.find(' ');
    if (space == 0 || space == std::string_view::npos ||
        line.find(' ', space + 1) != std::string_view::npos) {
      why = "signature line is not \"— <name> <base64>\"";
      return std::nullopt;
    }
    const std::string_view name = line.substr(0, space);
    if (name.find('+') != std::string_view::npos) {
      why = "key name holds '+'";
      return std::nullopt;
    }
    auto blob = crypto::from_base64(line.substr(space + 1));
    if (!blob || blob->size() < 5) {
      why = "signature of key '" + std::string(name) + "' is not base64 of a key id and signature";
      return std::nullopt;
    }
    note.signatures.push_back({std::string(name), blob->substr(0, 4), blob->substr(4)});
  }
  return note;
}

std::optional<CheckpointBody> read_checkpoint_body(std::string_view body, std::string& why) {
  const auto lines = split_lines(body);
  if (lines.size() != 3) {
    why = "body has " + std::to_string(lines.size()) + " lines, a checkpoint has 3";
    return std::nullopt;
  }
  CheckpointBody out;
  out.origin = std::string(lines[0]);
  if (out.origin.empty()) {
    why = "empty origin";
    return std::nullopt;
  }
  const std::string_view size = lines[1];
  if (size.empty() || size.size() > 19 || (size.size() > 1 && size[0] == '0') ||
      size.find_first_not_of("0123456789") != std::string_view::npos) {
    why = "size line '" + std::string(size) + "' is not a decimal number";
    return std::nullopt;
  }
  for (char c : size) out.size = out.size * 10 + std::uint64_t(c - '0');
  auto root = crypto::from_base64(lines[2]);
  if (!root || root->size() != 32) {
    why = "root line is not base64 of 32 bytes";
    return std::nullopt;
  }
  out.root = *root;
  return out;
}

}  // namespace mr::verify
