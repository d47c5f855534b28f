package postgres

// ModelIndexName exposes modelIndexName to the tests.
var ModelIndexName = modelIndexName
