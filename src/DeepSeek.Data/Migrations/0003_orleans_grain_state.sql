-- Grain state for the Orleans ADO.NET storage provider.
--
-- The provider identifies a state by service, state name (@GrainTypeString) and grain key: two
-- 64-bit halves (@GrainIdN0/@GrainIdN1, the integer or GUID key) plus a string (@GrainIdExtensionString,
-- the string key or key extension). It does not pass the grain type, so grain classes that share a
-- provider must use distinct state names. A missing key string is stored as '' so that the key can
-- be a primary key. The provider's hash parameters are not needed with such a key and are ignored.
--
-- `version` is the ETag. Every statement that changes a row checks the version the grain last saw
-- and returns the new one; it returns NULL (no row) when the check fails, which the provider turns
-- into an InconsistentStateException.
CREATE TABLE orleans_grain_state
(
    service_id  varchar(150) NOT NULL,
    state_name  text         NOT NULL,
    key_n0      bigint       NOT NULL,
    key_n1      bigint       NOT NULL,
    key_string  text         NOT NULL,
    payload     bytea,
    version     integer      NOT NULL,
    modified_at timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (service_id, state_name, key_n0, key_n1, key_string)
);

INSERT INTO orleansquery (querykey, querytext) VALUES

('ReadFromStorageKey', $sql$
SELECT payload AS "PayloadBinary", version AS "Version"
FROM orleans_grain_state
WHERE service_id = @ServiceId AND state_name = @GrainTypeString
  AND key_n0 = @GrainIdN0 AND key_n1 = @GrainIdN1
  AND key_string = coalesce(@GrainIdExtensionString, '')
$sql$),

-- With no version the grain has never seen a row: insert version 1, unless another activation
-- got there first. With a version, update only if it is still the stored one.
('WriteToStorageKey', $sql$
WITH updated AS (
    UPDATE orleans_grain_state
    SET payload = @PayloadBinary, version = version + 1, modified_at = now()
    WHERE @GrainStateVersion IS NOT NULL
      AND service_id = @ServiceId AND state_name = @GrainTypeString
      AND key_n0 = @GrainIdN0 AND key_n1 = @GrainIdN1
      AND key_string = coalesce(@GrainIdExtensionString, '')
      AND version = @GrainStateVersion
    RETURNING version
),
inserted AS (
    INSERT INTO orleans_grain_state (service_id, state_name, key_n0, key_n1, key_string, payload, version)
    SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, coalesce(@GrainIdExtensionString, ''),
           @PayloadBinary, 1
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version
)
SELECT (SELECT version FROM updated UNION ALL SELECT version FROM inserted) AS "NewGrainStateVersion"
$sql$),

-- Clearing keeps the row (payload NULL) and moves the version on, so a stale writer still fails.
('ClearStorageKey', $sql$
UPDATE orleans_grain_state
SET payload = NULL, version = version + 1, modified_at = now()
WHERE service_id = @ServiceId AND state_name = @GrainTypeString
  AND key_n0 = @GrainIdN0 AND key_n1 = @GrainIdN1
  AND key_string = coalesce(@GrainIdExtensionString, '')
  AND version = @GrainStateVersion
RETURNING version AS "NewGrainStateVersion"
$sql$),

-- Used instead of ClearStorageKey when the provider is set to delete state on clear. The provider
-- only needs a value different from the version it sent to know the delete happened.
('DeleteStorageKey', $sql$
DELETE FROM orleans_grain_state
WHERE service_id = @ServiceId AND state_name = @GrainTypeString
  AND key_n0 = @GrainIdN0 AND key_n1 = @GrainIdN1
  AND key_string = coalesce(@GrainIdExtensionString, '')
  AND version = @GrainStateVersion
RETURNING version + 1 AS "NewGrainStateVersion"
$sql$)

ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;
