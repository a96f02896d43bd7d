#include "record/canonical_json.hpp"

#include <gtest/gtest.h>

#include "verify/canonical_check.hpp"

namespace mr::record {
namespace {

// Each text is checked by the writer (is_canonical) and by the verifier's own checker, which
// must agree.
struct Case {
  std::string text;
  bool canonical;
  const char* why;
};

const std::vector<Case>& cases() {
  static const std::vector<Case> all = {
      {"{}", true, "empty object"},
      {"[]", true, "empty array"},
      {"null", true, "null"},
      {"true", true, "true"},
      {"0", true, "zero"},
      {"-1", true, "negative"},
      {"9007199254740992", true, "2^53"},
      {"-9007199254740992", true, "-2^53"},
      {R"({"a":1,"b":[true,false,null],"c":"x"})", true, "nested"},
      {R"({"B":1,"a":2})", true, "byte order: upper case sorts first"},
      {R"({"a":{"b":1,"c":2},"b":0})", true, "nested object keys sorted"},
      {R"("\u001f")", true, "control character as \\u00xx, lower case"},
      {R"("\n\t\r\b\f")", true, "short escapes"},
      {R"("\"\\")", true, "quote and backslash"},
      {"\"中文 and 😀\"", true, "non-ASCII raw UTF-8"},
      {R"("a/b")", true, "slash unescaped"},
      {"\"\x7f\"", true, "DEL raw, as JSON.stringify writes it"},
      {"1.0", false, "float"},
      {"1e3", false, "exponent"},
      {"-0", false, "negative zero"},
      {"01", false, "leading zero"},
      {"9007199254740993", false, "above 2^53"},
      {"-9007199254740993", false, "below -2^53"},
      {"18446744073709551616", false, "beyond 64 bits"},
      {R"({"a":1, "b":2})", false, "whitespace"},
      {" {}", false, "leading whitespace"},
      {"{} ", false, "trailing whitespace"},
      {R"({"b":1,"a":2})", false, "keys out of order"},
      {R"({"a":1,"a":2})", false, "duplicate key"},
      {"{\"中\":1}", false, "non-ASCII key"},
      {R"({"a\n":1})", false, "control character in key"},
      {R"("\u0041")", false, "needless \\u escape"},
      {R"("\/")", false, "escaped slash"},
      {R"("\u001F")", false, "upper-case hex escape"},
      {R"("\u000a")", false, "\\u escape where \\n is canonical"},
      {"\"\x01\"", false, "raw control character"},
      {"\"\xff\"", false, "invalid UTF-8"},
      {"\"\xc0\xaf\"", false, "overlong UTF-8"},
      {"\"\xed\xa0\x80\"", false, "UTF-8 surrogate"},
      {R"("\ud83d\ude00")", false, "escaped astral character"},
      {"[1,]", false, "trailing comma"},
      {"", false, "empty text"},
  };
  return all;
}

TEST(CanonicalJson, WriterAndVerifierAgreeOnEveryCase) {
  for (const auto& c : cases()) {
    SCOPED_TRACE(c.why);
    EXPECT_EQ(is_canonical(c.text), c.canonical) << c.text;
    auto fault = verify::canonical_fault(c.text);
    EXPECT_EQ(!fault.has_value(), c.canonical) << c.text << " " << fault.value_or("");
  }
}

TEST(CanonicalJson, WritesWhatJsonStringifyWrites) {
  nlohmann::json v = {{"text",
                       "a\x1f"
                       "b\n中/\"\\"},
                      {"n", -42},
                      {"B", nullptr},
                      {"list", {1, true}}};
  EXPECT_EQ(to_canonical(v),
            "{\"B\":null,\"list\":[1,true],\"n\":-42,\"text\":\"a\\u001fb\\n中/\\\"\\\\\"}");
  EXPECT_TRUE(is_canonical(to_canonical(v)));
}

TEST(CanonicalJson, RejectsValuesOutsideTheSubset) {
  EXPECT_THROW(to_canonical(nlohmann::json(1.5)), std::invalid_argument);
  EXPECT_THROW(to_canonical(nlohmann::json(9007199254740993LL)), std::invalid_argument);
  EXPECT_THROW(to_canonical(nlohmann::json{{"键", 1}}), std::invalid_argument);
  EXPECT_EQ(canonical_violation(nlohmann::json(0.0)), "floating-point number");
  EXPECT_FALSE(canonical_violation(nlohmann::json(9007199254740992LL)));
}

}  // namespace
}  // namespace mr::record
