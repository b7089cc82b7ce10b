-- Read models projected from the platform's event streams (CQRS).

-- Requests and tokens per tenant, day, model and route (route: 'knowledge' or 'model').
CREATE TABLE usage_daily
(
    tenant_id         text   NOT NULL,
    day               date   NOT NULL,
    model             text   NOT NULL,
    route             text   NOT NULL,
    requests          bigint NOT NULL DEFAULT 0 CHECK (requests >= 0),
    prompt_tokens     bigint NOT NULL DEFAULT 0 CHECK (prompt_tokens >= 0),
    completion_tokens bigint NOT NULL DEFAULT 0 CHECK (completion_tokens >= 0),
    PRIMARY KEY (tenant_id, day, model, route)
);

-- Streams deliver at least once: a projector records each event id it has applied, in the same
-- transaction as the change it made, and skips ids it has seen.
CREATE TABLE processed_events
(
    projector    text        NOT NULL,
    event_id     uuid        NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (projector, event_id)
);
