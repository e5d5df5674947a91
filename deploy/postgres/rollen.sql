-- Wakkere afweging: the database and its roles for organisation scale.
-- Run once, as a database administrator (see facilitator-guide/techniek/organisatie.md):
--
--   psql "postgresql://admin@db.example.org/postgres" \
--     -v db=kit -v owner=kit_owner -v owner_password='...' \
--     -v runtime=kit_runtime -v hub=kit_hub -v hub_password='...' \
--     -f deploy/postgres/rollen.sql
--
-- Then, as the owner, install the kit's tables and functions and let the
-- runtime role call the functions (and nothing else):
--
--   kit store-setup --store "postgresql://kit_owner:...@db.example.org/kit" \
--     --runtime-role kit_runtime
--
-- The hub gets only postgresql://kit_hub:...@db.example.org/kit.

-- The owner: owns the tables; for the platform team only (set-up, kit purge, VACUUM).
CREATE ROLE :"owner" LOGIN PASSWORD :'owner_password' NOSUPERUSER NOCREATEDB NOCREATEROLE;
-- The runtime group: may call the kit_api functions once kit store-setup ran.
CREATE ROLE :"runtime" NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
-- What every hub user's kernel logs in as: a member of the runtime group.
CREATE ROLE :"hub" LOGIN PASSWORD :'hub_password' NOSUPERUSER NOCREATEDB NOCREATEROLE CONNECTION LIMIT 500;
GRANT :"runtime" TO :"hub";

CREATE DATABASE :"db" OWNER :"owner" ENCODING 'UTF8';
-- Nobody else may connect or make temporary tables; the runtime group may connect.
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"db" TO :"runtime";

\connect :"db"
-- No one but the owner creates anything in the public schema.
REVOKE ALL ON SCHEMA public FROM PUBLIC;
