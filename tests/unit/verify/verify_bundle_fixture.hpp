#pragma once
// A verified bundle of the session fixture, its files in memory, and the ways a test changes and
// checks them: tamper, re-sign as an insider with the server key would, verify, name the fault.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "record/bundle_writer.hpp"
#include "record/merkle_tree.hpp"
#include "session_fixture.hpp"
#include "verify/bundle_verifier.hpp"

namespace mr::verify {

using Files = testing_support::BundleFiles;
using testing_support::kRoom;
using testing_support::kStart;

class VerifyBundle : public ::testing::Test {
 protected:
  void SetUp() override {
    session_.write();
    keys_.emplace(session_.keys());
    auto db = session_.store();
    auto result = record::export_bundle(*db, kRoom, *keys_, false, session_.dir() / "case.zip",
                                        {.now_ms = kStart + 86400000});
    ASSERT_TRUE(result.ok) << result.error;
    root_hex_ = result.root_hex;
    files_ = testing_support::unzip(session_.dir() / "case.zip");
  }

  VerifyResult check(const Files& files, std::optional<std::string> fingerprint = std::nullopt) {
    const auto path = session_.dir() / "tampered.zip";
    testing_support::rezip(files, path);
    return verify_bundle(path, fingerprint);
  }

  static void resign(Files& files, const std::string& key_name, const crypto::Ed25519Key& key) {
    testing_support::resign(files, kRoom, key_name, key);
  }
  void resign(Files& files) { resign(files, keys_->current().name, keys_->current_signer()); }

  // Whether verification failed with this fault; used as ASSERT_TRUE(fault_is(...)) so that a
  // test stops before it reads a fault that is not there.
  static ::testing::AssertionResult fault_is(const VerifyResult& r, const std::string& file,
                                             std::optional<std::int64_t> seq,
                                             const std::string& what) {
    if (r.ok || !r.fault) return ::testing::AssertionFailure() << "the bundle verified";
    const Fault& f = *r.fault;
    if (f.file != file || f.seq != seq || f.what.find(what) == std::string::npos)
      return ::testing::AssertionFailure() << "fault: " << f.message();
    return ::testing::AssertionSuccess();
  }

  // The bundle's header lines, and the Merkle root of the first `size` of them.
  std::vector<std::string> headers() const {
    return testing_support::lines_of(files_.at("events/headers.jsonl"));
  }
  record::Hash root_of(std::size_t size) const {
    record::MerkleTree tree;
    for (const auto& line : headers())
      if (tree.size() < size) tree.append(record::leaf_hash(line));
    return tree.root();
  }

  testing_support::Session session_{"verify"};
  std::optional<record::ServerKeys> keys_;
  std::string root_hex_;
  Files files_;
};

}  // namespace mr::verify
