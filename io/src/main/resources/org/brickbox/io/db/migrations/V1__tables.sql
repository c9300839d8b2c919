-- BrickBox dataset tables. ${schema} is the configured schema (default brickbox), already quoted.
-- Plain PostgreSQL (Supabase-compatible): no extensions, no superuser features. Rows are keyed by what
-- names them in files too (part id, render key, render key + model version), so every sink upserts and a
-- rerun or a retried batch replaces rows instead of adding them. No foreign keys between the tables: each
-- stage's sink writes in parallel and the tables join on part_id / render_key.

create table if not exists ${schema}.parts (
  part_id         text primary key,
  name            text not null,
  category        text,
  library_version text,
  closure_hash    text,
  run_id          text not null,
  updated_at      timestamptz not null default now()
);

create table if not exists ${schema}.renders (
  render_key       text primary key,
  part_id          text not null,
  colour_code      integer not null,
  colour_name      text,
  view_index       integer not null,
  seed             bigint not null,
  image_uri        text not null,
  mask_uri         text,
  format           text not null,
  width            integer not null,
  height           integer not null,
  camera           jsonb not null,
  image_sha256     text not null,
  mask_sha256      text,
  closure_hash     text,
  settings_hash    text,
  renderer_version text,
  qa_status        text not null default 'pending',
  run_id           text not null,
  updated_at       timestamptz not null default now()
);
create index if not exists renders_part_id on ${schema}.renders (part_id);

create table if not exists ${schema}.embeddings (
  render_key    text not null,
  model_version text not null,
  model         text not null,
  part_id       text not null,
  dimension     integer not null,
  vector        real[] not null,
  run_id        text not null,
  updated_at    timestamptz not null default now(),
  primary key (render_key, model_version),
  constraint embeddings_dimension check (cardinality(vector) = dimension)
);
create index if not exists embeddings_part_id on ${schema}.embeddings (part_id);

create table if not exists ${schema}.qa_metrics (
  render_key text primary key,
  run_id     text not null,
  passed     boolean not null,
  reasons    text[] not null default '{}',
  metrics    jsonb not null,
  updated_at timestamptz not null default now()
);

create table if not exists ${schema}.operation_logs (
  log_id      text primary key,
  run_id      text not null,
  logged_at   timestamptz not null,
  stage       text,
  operation   text not null,
  key         text,
  status      text not null,
  worker      text,
  metadata    jsonb,
  duration_ms bigint not null,
  error       text
);
create index if not exists operation_logs_run on ${schema}.operation_logs (run_id, stage, operation);

create table if not exists ${schema}.runs (
  run_id       text primary key,
  status       text not null,
  created_at   timestamptz,
  output_dir   text,
  options_hash text,
  manifest     jsonb not null,
  updated_at   timestamptz not null default now()
);
