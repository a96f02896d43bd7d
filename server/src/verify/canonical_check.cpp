#include "verify/canonical_check.hpp"

#include <cstdint>

#include "crypto/encoding.hpp"

namespace mr::verify {
namespace {

constexpr int kMaxDepth = 64;
constexpr std::string_view kMaxMagnitude = "9007199254740992";  // 2^53

class Checker {
 public:
  explicit Checker(std::string_view text) : s_(text) {}

  std::optional<std::string> run() {
    if (!value(0)) return fault_;
    if (i_ != s_.size()) return at("bytes after the end of the value");
    return std::nullopt;
  }

 private:
  bool fail(const std::string& what) {
    fault_ = at(what);
    return false;
  }
  std::string at(const std::string& what) const { return what + " at byte " + std::to_string(i_); }
  bool peek(char c) const { return i_ < s_.size() && s_[i_] == c; }
  unsigned char byte() const { return static_cast<unsigned char>(s_[i_]); }

  bool value(int depth) {
    if (depth > kMaxDepth) return fail("nesting too deep");
    if (i_ >= s_.size()) return fail("unexpected end");
    switch (s_[i_]) {
      case '{':
        return object(depth);
      case '[':
        return array(depth);
      case '"':
        return string(nullptr);
      case 't':
        return literal("true");
      case 'f':
        return literal("false");
      case 'n':
        return literal("null");
      default:
        return number();
    }
  }

  bool literal(std::string_view word) {
    if (s_.substr(i_, word.size()) != word) return fail("unknown literal");
    i_ += word.size();
    return true;
  }

  bool object(int depth) {
    ++i_;
    if (peek('}')) return ++i_, true;
    std::string previous;
    for (bool first = true;; first = false) {
      if (!peek('"')) return fail("expected a string key (no whitespace is allowed)");
      std::string key;
      const std::size_t key_start = i_;
      if (!string(&key)) return false;
      for (unsigned char c : key)
        if (c < 0x20 || c > 0x7e) return i_ = key_start, fail("key is not printable ASCII");
      if (!first && !(previous < key))
        return i_ = key_start, fail("key \"" + key + "\" is not in ascending byte order");
      previous = std::move(key);
      if (!peek(':')) return fail("expected ':'");
      ++i_;
      if (!value(depth + 1)) return false;
      if (peek('}')) return ++i_, true;
      if (!peek(',')) return fail("expected ',' or '}'");
      ++i_;
    }
  }

  bool array(int depth) {
    ++i_;
    if (peek(']')) return ++i_, true;
    for (;;) {
      if (!value(depth + 1)) return false;
      if (peek(']')) return ++i_, true;
      if (!peek(',')) return fail("expected ',' or ']'");
      ++i_;
    }
  }

  static int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;  // upper case is not what JSON.stringify writes
  }

  bool escape(std::string* out) {
    ++i_;  // the backslash
    if (i_ >= s_.size()) return fail("unterminated escape");
    const char e = s_[i_++];
    static constexpr std::string_view kShort = "\"\\bfnrt";
    static constexpr std::string_view kMeans = "\"\\\b\f\n\r\t";
    if (auto pos = kShort.find(e); pos != std::string_view::npos) {
      if (out) *out += kMeans[pos];
      return true;
    }
    if (e != 'u') return --i_, fail(std::string("escape \\") + e + " is not canonical");
    if (i_ + 4 > s_.size()) return fail("short \\u escape");
    int v = 0;
    for (int k = 0; k < 4; ++k) {
      const int d = hex_digit(s_[i_ + k]);
      if (d < 0) return fail("\\u escape must use four lowercase hex digits");
      v = v * 16 + d;
    }
    // Only control characters without a short form are written as \u00xx.
    if (v >= 0x20 || v == '\b' || v == '\f' || v == '\n' || v == '\r' || v == '\t')
      return fail("\\u escape for a character that canonical JSON writes otherwise");
    i_ += 4;
    if (out) *out += char(v);
    return true;
  }

  // One UTF-8 sequence starting at a byte >= 0x80 (crypto's checker, shared with the writers).
  bool utf8(std::string* out) {
    const std::size_t n = crypto::utf8_sequence_length(s_, i_);
    if (n == 0) return fail("invalid UTF-8");
    if (out) out->append(s_.substr(i_, n));
    i_ += n;
    return true;
  }

  bool string(std::string* out) {
    ++i_;  // the opening quote
    while (i_ < s_.size()) {
      const unsigned char c = byte();
      if (c == '"') return ++i_, true;
      if (c == '\\') {
        if (!escape(out)) return false;
      } else if (c < 0x20) {
        return fail("raw control character in a string");
      } else if (c >= 0x80) {
        if (!utf8(out)) return false;
      } else {
        if (out) *out += char(c);
        ++i_;
      }
    }
    return fail("unterminated string");
  }

  bool number() {
    const std::size_t start = i_;
    if (peek('-')) ++i_;
    const std::size_t digits = i_;
    while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
    std::string_view magnitude = s_.substr(digits, i_ - digits);
    if (magnitude.empty()) return i_ = start, fail("unexpected character");
    if (i_ < s_.size() && (s_[i_] == '.' || s_[i_] == 'e' || s_[i_] == 'E'))
      return fail("floating-point number");
    if (magnitude.size() > 1 && magnitude[0] == '0') return i_ = start, fail("leading zero");
    if (magnitude == "0" && digits != start) return i_ = start, fail("negative zero");
    if (magnitude.size() > kMaxMagnitude.size() ||
        (magnitude.size() == kMaxMagnitude.size() && magnitude > kMaxMagnitude))
      return i_ = start, fail("integer outside ±2^53");
    return true;
  }

  std::string_view s_;
  std::size_t i_ = 0;
  std::string fault_;
};

}  // namespace

std::optional<std::string> canonical_fault(std::string_view text) { return Checker(text).run(); }

}  // namespace mr::verify
