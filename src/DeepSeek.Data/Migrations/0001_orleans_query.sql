-- The Orleans ADO.NET providers (clustering, grain state, reminders) run no SQL of their own:
-- at start-up each one reads the statements it needs from this table, by key, and binds its
-- parameters by name (@DeploymentId, @GrainStateVersion, ...). The table and column names are
-- fixed by the providers (they query `SELECT QueryKey, QueryText FROM OrleansQuery`); everything
-- behind the statements is this project's own schema, filled in by the migrations that follow.
CREATE TABLE orleansquery
(
    querykey  varchar(64) NOT NULL PRIMARY KEY,
    querytext text        NOT NULL
);
