-- Cluster membership for Orleans ADO.NET clustering.
--
-- One version row per cluster, and one row per silo incarnation (address, port, generation).
-- Every change to a silo row must also move the cluster's version on by one, and only if the
-- version is still the one the silo read: that compare-and-increment is how silos agree on the
-- membership view. Each statement below does its part atomically in a single SQL statement, and
-- answers 1 (done) or 0 (someone else changed the table first; Orleans re-reads and retries).

CREATE TABLE orleans_cluster_version
(
    cluster_id  varchar(150) NOT NULL PRIMARY KEY,
    version     integer      NOT NULL DEFAULT 0,
    changed_at  timestamptz  NOT NULL DEFAULT now()
);

CREATE TABLE orleans_silo
(
    cluster_id      varchar(150) NOT NULL REFERENCES orleans_cluster_version (cluster_id) ON DELETE CASCADE,
    address         varchar(45)  NOT NULL,
    port            integer      NOT NULL,
    generation      integer      NOT NULL,
    silo_name       varchar(150) NOT NULL,
    host_name       varchar(150) NOT NULL,
    status          integer      NOT NULL,
    proxy_port      integer,
    -- "silo,time|silo,time": the silos that suspect this one, as Orleans formats them.
    suspect_times   text,
    start_time      timestamptz  NOT NULL,
    i_am_alive_time timestamptz  NOT NULL,
    PRIMARY KEY (cluster_id, address, port, generation)
);

INSERT INTO orleansquery (querykey, querytext) VALUES

('InsertMembershipVersionKey', $sql$
WITH created AS (
    INSERT INTO orleans_cluster_version (cluster_id) VALUES (@DeploymentId)
    ON CONFLICT (cluster_id) DO NOTHING
    RETURNING 1
)
SELECT count(*)::int FROM created
$sql$),

-- The version row is locked first (FOR UPDATE re-checks the version after any concurrent writer
-- commits), so the silo row and the version bump happen together or not at all.
('InsertMembershipKey', $sql$
WITH expected AS (
    SELECT cluster_id FROM orleans_cluster_version
    WHERE cluster_id = @DeploymentId AND version = @Version
    FOR UPDATE
),
joined AS (
    INSERT INTO orleans_silo (cluster_id, address, port, generation, silo_name, host_name, status,
                              proxy_port, start_time, i_am_alive_time)
    SELECT cluster_id, @Address, @Port, @Generation, @SiloName, @HostName, @Status,
           @ProxyPort, @StartTime, @IAmAliveTime
    FROM expected
    ON CONFLICT DO NOTHING
    RETURNING cluster_id
),
bumped AS (
    UPDATE orleans_cluster_version SET version = version + 1, changed_at = now()
    WHERE cluster_id IN (SELECT cluster_id FROM joined)
    RETURNING 1
)
SELECT count(*)::int FROM bumped
$sql$),

('UpdateMembershipKey', $sql$
WITH expected AS (
    SELECT cluster_id FROM orleans_cluster_version
    WHERE cluster_id = @DeploymentId AND version = @Version
    FOR UPDATE
),
changed AS (
    UPDATE orleans_silo s
    SET status = @Status, suspect_times = @SuspectTimes, i_am_alive_time = @IAmAliveTime
    FROM expected e
    WHERE s.cluster_id = e.cluster_id
      AND s.address = @Address AND s.port = @Port AND s.generation = @Generation
    RETURNING s.cluster_id
),
bumped AS (
    UPDATE orleans_cluster_version SET version = version + 1, changed_at = now()
    WHERE cluster_id IN (SELECT cluster_id FROM changed)
    RETURNING 1
)
SELECT count(*)::int FROM bumped
$sql$),

-- The heartbeat is the one write that does not move the version: Orleans never checks its result.
('UpdateIAmAlivetimeKey', $sql$
UPDATE orleans_silo SET i_am_alive_time = @IAmAliveTime
WHERE cluster_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
$sql$),

-- Both reads return the version row even when no silo matches (all silo columns NULL then):
-- Orleans takes the table version from the first row.
('MembershipReadRowKey', $sql$
SELECT v.cluster_id AS "DeploymentId", s.address AS "Address", s.port AS "Port",
       s.generation AS "Generation", s.silo_name AS "SiloName", s.host_name AS "HostName",
       s.status AS "Status", s.proxy_port AS "ProxyPort", s.suspect_times AS "SuspectTimes",
       s.start_time AS "StartTime", s.i_am_alive_time AS "IAmAliveTime", v.version AS "Version"
FROM orleans_cluster_version v
LEFT JOIN orleans_silo s
       ON s.cluster_id = v.cluster_id
      AND s.address = @Address AND s.port = @Port AND s.generation = @Generation
WHERE v.cluster_id = @DeploymentId
$sql$),

('MembershipReadAllKey', $sql$
SELECT v.cluster_id AS "DeploymentId", s.address AS "Address", s.port AS "Port",
       s.generation AS "Generation", s.silo_name AS "SiloName", s.host_name AS "HostName",
       s.status AS "Status", s.proxy_port AS "ProxyPort", s.suspect_times AS "SuspectTimes",
       s.start_time AS "StartTime", s.i_am_alive_time AS "IAmAliveTime", v.version AS "Version"
FROM orleans_cluster_version v
LEFT JOIN orleans_silo s ON s.cluster_id = v.cluster_id
WHERE v.cluster_id = @DeploymentId
$sql$),

-- Silo rows go with their version row (ON DELETE CASCADE).
('DeleteMembershipTableEntriesKey', $sql$
DELETE FROM orleans_cluster_version WHERE cluster_id = @DeploymentId
$sql$),

-- Clients find gateways here: active silos (@Status is Active) that accept clients.
('GatewaysQueryKey', $sql$
SELECT address AS "Address", proxy_port AS "ProxyPort", generation AS "Generation"
FROM orleans_silo
WHERE cluster_id = @DeploymentId AND status = @Status AND proxy_port > 0
$sql$),

-- Rows of silos that stopped heart-beating before @IAmAliveTime and are not active (3) any more.
('CleanupDefunctSiloEntriesKey', $sql$
DELETE FROM orleans_silo
WHERE cluster_id = @DeploymentId AND i_am_alive_time < @IAmAliveTime AND status <> 3
$sql$)

ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;
