package postgres

// ModelIndexName exposes modelIndexName to the tests.
var ModelIndexName = modelIndexName

// ChoosePlan exposes choosePlan to the tests.
var ChoosePlan = choosePlan

// BuildMem exposes buildMem to the tests.
var BuildMem = buildMem
