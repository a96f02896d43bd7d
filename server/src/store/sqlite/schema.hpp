#pragma once
#include <SQLiteCpp/Database.h>

namespace mr::store::sqlite {

// Brings the schema up to the newest version (PRAGMA user_version), one transaction per step.
void migrate(SQLite::Database& db);

}  // namespace mr::store::sqlite
