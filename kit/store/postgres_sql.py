"""The PostgreSQL schema: tables in ``kit``, the runtime's door in ``kit_api``.

Two roles use a kit database (see ``facilitator-guide/techniek/organisatie.md``):

* the **owner** owns both schemas, creates and upgrades them (``install_sql``),
  and runs ``kit purge`` and VACUUM;
* the **runtime** role (what every kernel on a hub gets) has no right on any
  table. It may only call the ``SECURITY DEFINER`` functions in ``kit_api``, one
  per store verb, which check the session code, participant token or facilitator
  secret themselves and answer with a ``status`` (``ok``, ``denied``,
  ``not_found``, ``blocked``) instead of raising, so that a failed guess can be
  written to ``kit.failed_attempts`` (read by the owner only) in the same call.

Secrets are compared as SHA-256 hashes, exactly as :mod:`kit.store.codes` stores
them (PostgreSQL's built-in ``sha256``; no extension needed). Each function fixes
its ``search_path`` so that nothing a caller creates can stand in for the kit's
tables or functions.
"""

from __future__ import annotations

from kit.store import codes, guard
from kit.store.postgres_series_sql import SERIES_TABLES, series_api_sql

#: Returned by ``kit_api.schema_version()``; a kernel refuses a database whose
#: functions are older or newer than its own code, and the owner's store
#: reinstalls when it differs. Raise it with every change to the SQL below.
SCHEMA_VERSION = 3
CHANNEL = "kit_answers"
#: First key of the advisory locks the kit takes (schema install, guessing).
LOCK_SCHEMA = 7_302_715
LOCK_GUESSES = 7_302_716

_TABLES = """
CREATE SCHEMA IF NOT EXISTS kit;
CREATE SCHEMA IF NOT EXISTS kit_api;
REVOKE ALL ON SCHEMA kit FROM PUBLIC;
REVOKE ALL ON SCHEMA kit_api FROM PUBLIC;

-- Earlier versions kept the tables in "public": move them (with their data).
DO $$
BEGIN
    IF to_regclass('kit.answers') IS NULL
       AND to_regclass('public.answers') IS NOT NULL
       AND to_regclass('public.sessions') IS NOT NULL
       AND to_regclass('public.participants') IS NOT NULL
       AND EXISTS (SELECT 1 FROM information_schema.columns
                   WHERE table_schema = 'public' AND table_name = 'sessions'
                     AND column_name = 'secret_hash') THEN
        ALTER TABLE public.sessions SET SCHEMA kit;
        ALTER TABLE public.participants SET SCHEMA kit;
        ALTER TABLE public.answers SET SCHEMA kit;
        DROP TRIGGER IF EXISTS answers_append_only ON kit.answers;
        DROP TRIGGER IF EXISTS answers_notify ON kit.answers;
        DROP FUNCTION IF EXISTS public.kit_answers_append_only();
        DROP FUNCTION IF EXISTS public.kit_answers_notify();
    END IF;
END $$;

CREATE TABLE IF NOT EXISTS kit.sessions (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    created_at DOUBLE PRECISION NOT NULL
);
CREATE TABLE IF NOT EXISTS kit.participants (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES kit.sessions(id),
    pseudonym TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    created_at DOUBLE PRECISION NOT NULL
);
CREATE INDEX IF NOT EXISTS participants_by_session ON kit.participants(session_id);
CREATE TABLE IF NOT EXISTS kit.answers (
    seq BIGSERIAL PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES kit.sessions(id),
    participant_id TEXT REFERENCES kit.participants(id),
    tool TEXT NOT NULL,
    subject TEXT NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at DOUBLE PRECISION NOT NULL
);
CREATE INDEX IF NOT EXISTS answers_by_session ON kit.answers(session_id, seq);
CREATE TABLE IF NOT EXISTS kit.failed_attempts (
    at DOUBLE PRECISION NOT NULL,
    source TEXT NOT NULL,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS failed_attempts_by_source ON kit.failed_attempts(source, at);
CREATE INDEX IF NOT EXISTS failed_attempts_by_time ON kit.failed_attempts(at);
"""

_TRIGGERS = """
CREATE OR REPLACE FUNCTION kit.answers_append_only() RETURNS trigger
LANGUAGE plpgsql SET search_path = kit, pg_temp AS $$
BEGIN
    RAISE EXCEPTION 'answers are append-only';
END $$;

-- A BIGSERIAL value is taken before commit, so two writers can commit out of
-- order and a reader's "everything after seq N" would skip the slower one.
-- Writers of one session therefore take turns from here to their commit: the
-- session's seq numbers become visible in increasing order, always.
CREATE OR REPLACE FUNCTION kit.answers_in_commit_order() RETURNS trigger
LANGUAGE plpgsql SET search_path = kit, pg_temp AS $$
BEGIN
    PERFORM 1 FROM kit.sessions s WHERE s.id = NEW.session_id FOR NO KEY UPDATE;
    NEW.seq := nextval(pg_get_serial_sequence('kit.answers', 'seq'));
    RETURN NEW;
END $$;

-- The payload is a digest of the session id: listeners learn "some session
-- changed", never which one.
CREATE OR REPLACE FUNCTION kit.answers_notify() RETURNS trigger
LANGUAGE plpgsql SET search_path = kit, pg_temp AS $$
BEGIN
    PERFORM pg_notify('@CHANNEL@', kit.channel_tag(NEW.session_id));
    RETURN NEW;
END $$;

DROP TRIGGER IF EXISTS answers_append_only ON kit.answers;
CREATE TRIGGER answers_append_only BEFORE UPDATE ON kit.answers
    FOR EACH ROW EXECUTE FUNCTION kit.answers_append_only();
DROP TRIGGER IF EXISTS answers_in_commit_order ON kit.answers;
CREATE TRIGGER answers_in_commit_order BEFORE INSERT ON kit.answers
    FOR EACH ROW EXECUTE FUNCTION kit.answers_in_commit_order();
DROP TRIGGER IF EXISTS answers_notify ON kit.answers;
CREATE TRIGGER answers_notify AFTER INSERT ON kit.answers
    FOR EACH ROW EXECUTE FUNCTION kit.answers_notify();
"""

_HELPERS = """
CREATE OR REPLACE FUNCTION kit.channel_tag(p_session text) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog AS $$
    SELECT left(encode(sha256(convert_to(p_session, 'UTF8')), 'hex'), 32)
$$;

CREATE OR REPLACE FUNCTION kit.hash(p_secret text) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog AS $$
    SELECT encode(sha256(convert_to(coalesce(p_secret, ''), 'UTF8')), 'hex')
$$;

CREATE OR REPLACE FUNCTION kit.now() RETURNS double precision
LANGUAGE sql VOLATILE SET search_path = pg_catalog AS $$
    SELECT extract(epoch FROM clock_timestamp())::double precision
$$;

-- Who is guessing: the login role and the address it connects from (on a hub,
-- every user's server has its own address).
CREATE OR REPLACE FUNCTION kit.source() RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog AS $$
    SELECT session_user || '@' || coalesce(host(inet_client_addr()), 'local')
$$;

CREATE OR REPLACE FUNCTION kit.note_failure(p_kind text, p_detail text) RETURNS void
LANGUAGE sql VOLATILE SET search_path = kit, pg_temp AS $$
    INSERT INTO kit.failed_attempts (at, source, kind, detail)
    VALUES (kit.now(), kit.source(), p_kind, left(coalesce(p_detail, ''), 80))
$$;

-- True when this source (or everyone together) tried too many wrong session
-- codes lately. Only codes count: tokens and secrets are far too long to guess,
-- and a kernel with a stale token must not lock others out. The first refused
-- call of a window is written down too; later ones are not, so a hammering
-- client cannot fill the table.
CREATE OR REPLACE FUNCTION kit.blocked() RETURNS boolean
LANGUAGE plpgsql VOLATILE SET search_path = kit, pg_temp AS $$
DECLARE
    me text := kit.source();
    since double precision := kit.now() - @WINDOW@;
BEGIN
    PERFORM pg_advisory_xact_lock(@LOCK_GUESSES@, hashtext(me));
    IF (SELECT count(*) FROM kit.failed_attempts f
        WHERE f.source = me AND f.at > since AND f.kind = 'code') < @PER_SOURCE@
       AND (SELECT count(*) FROM kit.failed_attempts f
            WHERE f.at > since AND f.kind = 'code') < @ALL@ THEN
        RETURN false;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM kit.failed_attempts f
                   WHERE f.source = me AND f.at > since AND f.kind = 'blocked') THEN
        PERFORM kit.note_failure('blocked', '');
    END IF;
    RETURN true;
END $$;

CREATE OR REPLACE FUNCTION kit.refuse(p_what text) RETURNS void
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = p_what;
END $$;

-- Text people typed: the kernel cleans it first; this is the last line.
CREATE OR REPLACE FUNCTION kit.checked_text(p_text text, p_limit int, p_what text)
RETURNS text LANGUAGE plpgsql VOLATILE SET search_path = kit, pg_temp AS $$
BEGIN
    IF p_text IS NULL OR btrim(p_text) = '' OR char_length(p_text) > p_limit
       OR p_text ~ '[[:cntrl:]]' THEN
        PERFORM kit.refuse(p_what);
    END IF;
    RETURN p_text;
END $$;

CREATE OR REPLACE FUNCTION kit.checked_secret(p_secret text) RETURNS text
LANGUAGE plpgsql VOLATILE SET search_path = kit, pg_temp AS $$
BEGIN
    IF char_length(coalesce(p_secret, '')) < 16 OR char_length(p_secret) > 200 THEN
        PERFORM kit.refuse('secret');
    END IF;
    RETURN p_secret;
END $$;

CREATE OR REPLACE FUNCTION kit.checked_payload(p_payload text) RETURNS text
LANGUAGE plpgsql VOLATILE SET search_path = kit, pg_temp AS $$
BEGIN
    IF p_payload IS NULL OR octet_length(p_payload) > @MAX_PAYLOAD@ THEN
        PERFORM kit.refuse('payload');
    END IF;
    BEGIN
        IF jsonb_typeof(p_payload::jsonb) <> 'object' THEN
            PERFORM kit.refuse('payload');
        END IF;
    EXCEPTION WHEN invalid_text_representation THEN
        PERFORM kit.refuse('payload');
    END;
    RETURN p_payload;
END $$;

-- A time from an imported file: never in the future, never before 1970.
CREATE OR REPLACE FUNCTION kit.clamped_time(p_at double precision)
RETURNS double precision LANGUAGE sql VOLATILE SET search_path = kit, pg_temp AS $$
    SELECT CASE WHEN p_at IS NULL OR p_at = 'NaN'::float8 THEN kit.now()
                ELSE least(greatest(p_at, 0), kit.now()) END
$$;

CREATE OR REPLACE FUNCTION kit.new_id() RETURNS text
LANGUAGE sql VOLATILE SET search_path = pg_catalog AS $$
    SELECT replace(gen_random_uuid()::text, '-', '')
$$;

-- A session code like K7QM-3TXA from a random UUID's random bytes (no modulo
-- bias: bytes of 250 and up are skipped).
CREATE OR REPLACE FUNCTION kit.new_code() RETURNS text
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog AS $$
DECLARE
    alphabet text := '@ALPHABET@';
    size int := char_length('@ALPHABET@');
    raw bytea;
    b int;
    v_code text := '';
BEGIN
    WHILE char_length(v_code) < @CODE_LENGTH@ LOOP
        raw := uuid_send(gen_random_uuid());
        FOR i IN 0..5 LOOP
            b := get_byte(raw, i);
            IF b < 256 - 256 % size AND char_length(v_code) < @CODE_LENGTH@ THEN
                v_code := v_code || substr(alphabet, b % size + 1, 1);
            END IF;
        END LOOP;
    END LOOP;
    RETURN substr(v_code, 1, 4) || '-' || substr(v_code, 5);
END $$;

CREATE OR REPLACE FUNCTION kit.is_facilitator(p_session text, p_secret text)
RETURNS boolean LANGUAGE sql STABLE SET search_path = kit, pg_temp AS $$
    SELECT coalesce(p_secret, '') <> '' AND EXISTS (
        SELECT 1 FROM kit.sessions s
        WHERE s.id = p_session AND s.secret_hash = kit.hash(p_secret))
$$;

CREATE OR REPLACE FUNCTION kit.participant_of(p_session text, p_token text)
RETURNS text LANGUAGE sql STABLE SET search_path = kit, pg_temp AS $$
    SELECT p.id FROM kit.participants p
    WHERE coalesce(p_token, '') <> '' AND p.session_id = p_session
      AND p.token_hash = kit.hash(p_token)
    LIMIT 1
$$;

-- A participant's token or the facilitator's secret opens a session for reading.
-- A deleted session reads as empty (its participants' pages may still look).
CREATE OR REPLACE FUNCTION kit.may_read(p_session text, p_credential text)
RETURNS boolean LANGUAGE plpgsql VOLATILE SET search_path = kit, pg_temp AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM kit.sessions s WHERE s.id = p_session)
       OR kit.is_facilitator(p_session, p_credential)
       OR kit.participant_of(p_session, p_credential) IS NOT NULL THEN
        RETURN true;
    END IF;
    PERFORM kit.note_failure('credential', p_session);
    RETURN false;
END $$;
"""

# Every function below is SECURITY DEFINER: it runs with the owner's rights, so
# it is the only way in for the runtime role, and it checks the caller itself.
_API = """
CREATE OR REPLACE FUNCTION kit_api.schema_version() RETURNS int
LANGUAGE sql IMMUTABLE SECURITY DEFINER SET search_path = kit, pg_temp AS $$
    SELECT @SCHEMA_VERSION@
$$;

CREATE OR REPLACE FUNCTION kit_api.create_session(p_title text, p_secret text)
RETURNS TABLE (status text, id text, code text, title text, created_at double precision)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kit, pg_temp AS $$
#variable_conflict use_column
DECLARE
    v_id text := kit.new_id();
    v_code text;
    v_at double precision := kit.now();
BEGIN
    PERFORM kit.checked_text(p_title, @MAX_TITLE@, 'title');
    PERFORM kit.checked_secret(p_secret);
    LOOP
        v_code := kit.new_code();
        EXIT WHEN NOT EXISTS (SELECT 1 FROM kit.sessions s WHERE s.code = v_code);
    END LOOP;
    INSERT INTO kit.sessions (id, code, title, secret_hash, created_at)
    VALUES (v_id, v_code, p_title, kit.hash(p_secret), v_at);
    RETURN QUERY SELECT 'ok'::text, v_id, v_code, p_title, v_at;
END $$;

CREATE OR REPLACE FUNCTION kit_api.find_session(p_code text)
RETURNS TABLE (status text, id text, code text, title text, created_at double precision)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kit, pg_temp AS $$
#variable_conflict use_column
BEGIN
    IF kit.blocked() THEN
        RETURN QUERY SELECT 'blocked'::text, NULL::text, NULL::text, NULL::text, NULL::float8;
        RETURN;
    END IF;
    RETURN QUERY SELECT 'ok'::text, s.id, s.code, s.title, s.created_at
        FROM kit.sessions s WHERE s.code = p_code;
    IF NOT FOUND THEN
        PERFORM kit.note_failure('code', p_code);
        RETURN QUERY SELECT 'not_found'::text, NULL::text, NULL::text, NULL::text, NULL::float8;
    END IF;
END $$;

CREATE OR REPLACE FUNCTION kit_api.check_facilitator(p_session text, p_secret text)
RETURNS text LANGUAGE plpgsql SECURITY DEFINER SET search_path = kit, pg_temp AS $$
BEGIN
    IF kit.is_facilitator(p_session, p_secret) THEN
        RETURN 'ok';
    END IF;
    PERFORM kit.note_failure('secret', p_session);
    RETURN 'denied';
END $$;

CREATE OR REPLACE FUNCTION kit_api.remove_session(p_session text, p_secret text)
RETURNS text LANGUAGE plpgsql SECURITY DEFINER SET search_path = kit, pg_temp AS $$
DECLARE
    v_status text := kit_api.check_facilitator(p_session, p_secret);
BEGIN
    IF v_status = 'ok' THEN
        DELETE FROM kit.answers a WHERE a.session_id = p_session;
        DELETE FROM kit.participants p WHERE p.session_id = p_session;
        DELETE FROM kit.sessions s WHERE s.id = p_session;
    END IF;
    RETURN v_status;
END $$;

CREATE OR REPLACE FUNCTION kit_api.add_participant(p_code text, p_pseudonym text, p_token text)
RETURNS TABLE (status text, id text, session_id text, pseudonym text, created_at double precision)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kit, pg_temp AS $$
#variable_conflict use_column
DECLARE
    v_session text;
    v_id text := kit.new_id();
    v_at double precision := kit.now();
BEGIN
    PERFORM kit.checked_text(p_pseudonym, @MAX_PSEUDONYM@, 'pseudonym');
    PERFORM kit.checked_secret(p_token);
    IF kit.blocked() THEN
        RETURN QUERY SELECT 'blocked'::text, NULL::text, NULL::text, NULL::text, NULL::float8;
        RETURN;
    END IF;
    SELECT s.id INTO v_session FROM kit.sessions s WHERE s.code = p_code;
    IF v_session IS NULL THEN
        PERFORM kit.note_failure('code', p_code);
        RETURN QUERY SELECT 'not_found'::text, NULL::text, NULL::text, NULL::text, NULL::float8;
        RETURN;
    END IF;
    INSERT INTO kit.participants (id, session_id, pseudonym, token_hash, created_at)
    VALUES (v_id, v_session, p_pseudonym, kit.hash(p_token), v_at);
    RETURN QUERY SELECT 'ok'::text, v_id, v_session, p_pseudonym, v_at;
END $$;

CREATE OR REPLACE FUNCTION kit_api.find_participant(p_session text, p_token text)
RETURNS TABLE (status text, id text, session_id text, pseudonym text, created_at double precision)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kit, pg_temp AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY SELECT 'ok'::text, p.id, p.session_id, p.pseudonym, p.created_at
        FROM kit.participants p
        WHERE p.id = kit.participant_of(p_session, p_token);
    IF NOT FOUND THEN
        PERFORM kit.note_failure('token', p_session);
        RETURN QUERY SELECT 'denied'::text, NULL::text, NULL::text, NULL::text, NULL::float8;
    END IF;
END $$;

-- A new rejoin token for a participant: with their current token, or by the
-- facilitator (one-screen mode, where the room's seat is a participant).
CREATE OR REPLACE FUNCTION kit_api.renew_token(
    p_session text, p_participant text, p_credential text, p_new_token text)
RETURNS text LANGUAGE plpgsql SECURITY DEFINER SET search_path = kit, pg_temp AS $$
BEGIN
    PERFORM kit.checked_secret(p_new_token);
    -- coalesce: "no participant" (NULL) = p_participant is NULL, not false.
    IF NOT (kit.is_facilitator(p_session, p_credential)
            OR coalesce(kit.participant_of(p_session, p_credential) = p_participant,
                        false)) THEN
        PERFORM kit.note_failure('credential', p_session);
        RETURN 'denied';
    END IF;
    UPDATE kit.participants p SET token_hash = kit.hash(p_new_token)
    WHERE p.id = p_participant AND p.session_id = p_session;
    RETURN 'ok';
END $$;

CREATE OR REPLACE FUNCTION kit_api.find_participants(p_session text, p_credential text)
RETURNS TABLE (status text, id text, session_id text, pseudonym text, created_at double precision)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kit, pg_temp AS $$
#variable_conflict use_column
BEGIN
    IF NOT kit.may_read(p_session, p_credential) THEN
        RETURN QUERY SELECT 'denied'::text, NULL::text, NULL::text, NULL::text, NULL::float8;
        RETURN;
    END IF;
    RETURN QUERY SELECT 'ok'::text, p.id, p.session_id, p.pseudonym, p.created_at
        FROM kit.participants p WHERE p.session_id = p_session
        ORDER BY p.created_at, p.id;
END $$;

CREATE OR REPLACE FUNCTION kit_api.session_row(p_session text, p_credential text)
RETURNS TABLE (status text, id text, code text, title text, created_at double precision)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kit, pg_temp AS $$
#variable_conflict use_column
BEGIN
    IF NOT kit.may_read(p_session, p_credential) THEN
        RETURN QUERY SELECT 'denied'::text, NULL::text, NULL::text, NULL::text, NULL::float8;
        RETURN;
    END IF;
    RETURN QUERY SELECT 'ok'::text, s.id, s.code, s.title, s.created_at
        FROM kit.sessions s WHERE s.id = p_session;
END $$;

-- The participant is the owner of the token: nobody answers for someone else.
CREATE OR REPLACE FUNCTION kit_api.add_answer(
    p_session text, p_token text, p_tool text, p_subject text, p_kind text, p_payload text)
RETURNS TABLE (status text, seq bigint, participant_id text, created_at double precision)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kit, pg_temp AS $$
#variable_conflict use_column
DECLARE
    v_participant text;
    v_seq bigint;
    v_at double precision := kit.now();
BEGIN
    PERFORM kit.checked_text(p_tool, @MAX_NAME@, 'tool');
    PERFORM kit.checked_text(p_subject, @MAX_NAME@, 'subject');
    PERFORM kit.checked_text(p_kind, @MAX_NAME@, 'kind');
    PERFORM kit.checked_payload(p_payload);
    v_participant := kit.participant_of(p_session, p_token);
    IF v_participant IS NULL THEN
        PERFORM kit.note_failure('token', p_session);
        RETURN QUERY SELECT 'denied'::text, NULL::bigint, NULL::text, NULL::float8;
        RETURN;
    END IF;
    INSERT INTO kit.answers (session_id, participant_id, tool, subject, kind, payload, created_at)
    VALUES (p_session, v_participant, p_tool, p_subject, p_kind, p_payload, v_at)
    RETURNING answers.seq INTO v_seq;
    RETURN QUERY SELECT 'ok'::text, v_seq, v_participant, v_at;
END $$;

CREATE OR REPLACE FUNCTION kit_api.add_facilitator_event(
    p_session text, p_secret text, p_tool text, p_subject text, p_kind text, p_payload text)
RETURNS TABLE (status text, seq bigint, created_at double precision)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kit, pg_temp AS $$
#variable_conflict use_column
DECLARE
    v_seq bigint;
    v_at double precision := kit.now();
BEGIN
    PERFORM kit.checked_text(p_tool, @MAX_NAME@, 'tool');
    PERFORM kit.checked_text(p_subject, @MAX_NAME@, 'subject');
    PERFORM kit.checked_text(p_kind, @MAX_NAME@, 'kind');
    PERFORM kit.checked_payload(p_payload);
    IF NOT kit.is_facilitator(p_session, p_secret) THEN
        PERFORM kit.note_failure('secret', p_session);
        RETURN QUERY SELECT 'denied'::text, NULL::bigint, NULL::float8;
        RETURN;
    END IF;
    INSERT INTO kit.answers (session_id, participant_id, tool, subject, kind, payload, created_at)
    VALUES (p_session, NULL, p_tool, p_subject, p_kind, p_payload, v_at)
    RETURNING answers.seq INTO v_seq;
    RETURN QUERY SELECT 'ok'::text, v_seq, v_at;
END $$;

CREATE OR REPLACE FUNCTION kit_api.find_answers(
    p_session text, p_credential text, p_tool text, p_subject text, p_kind text,
    p_after bigint)
RETURNS TABLE (status text, seq bigint, session_id text, participant_id text, tool text,
               subject text, kind text, payload text, created_at double precision)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kit, pg_temp AS $$
#variable_conflict use_column
BEGIN
    IF NOT kit.may_read(p_session, p_credential) THEN
        RETURN QUERY SELECT 'denied'::text, NULL::bigint, NULL::text, NULL::text, NULL::text,
            NULL::text, NULL::text, NULL::text, NULL::float8;
        RETURN;
    END IF;
    RETURN QUERY SELECT 'ok'::text, a.seq, a.session_id, a.participant_id, a.tool,
            a.subject, a.kind, a.payload, a.created_at
        FROM kit.answers a
        WHERE a.session_id = p_session AND a.seq > coalesce(p_after, 0)
          AND (p_tool IS NULL OR a.tool = p_tool)
          AND (p_subject IS NULL OR a.subject = p_subject)
          AND (p_kind IS NULL OR a.kind = p_kind)
        ORDER BY a.seq;
END $$;

CREATE OR REPLACE FUNCTION kit_api.last_seq(p_session text, p_credential text)
RETURNS TABLE (status text, seq bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kit, pg_temp AS $$
#variable_conflict use_column
BEGIN
    IF NOT kit.may_read(p_session, p_credential) THEN
        RETURN QUERY SELECT 'denied'::text, NULL::bigint;
        RETURN;
    END IF;
    RETURN QUERY SELECT 'ok'::text, coalesce(max(a.seq), 0)::bigint
        FROM kit.answers a WHERE a.session_id = p_session;
END $$;

-- Import (facilitator only): participants keep the id the kernel maps them to.
CREATE OR REPLACE FUNCTION kit_api.import_participant(
    p_session text, p_secret text, p_id text, p_pseudonym text,
    p_created_at double precision, p_token text)
RETURNS text LANGUAGE plpgsql SECURITY DEFINER SET search_path = kit, pg_temp AS $$
BEGIN
    PERFORM kit.checked_text(p_pseudonym, @MAX_PSEUDONYM@, 'pseudonym');
    PERFORM kit.checked_text(p_id, 64, 'participant');
    PERFORM kit.checked_secret(p_token);
    IF NOT kit.is_facilitator(p_session, p_secret) THEN
        PERFORM kit.note_failure('secret', p_session);
        RETURN 'denied';
    END IF;
    IF EXISTS (SELECT 1 FROM kit.participants p WHERE p.id = p_id) THEN
        RETURN CASE WHEN EXISTS (SELECT 1 FROM kit.participants p
                                 WHERE p.id = p_id AND p.session_id = p_session)
                    THEN 'ok' ELSE 'denied' END;
    END IF;
    INSERT INTO kit.participants (id, session_id, pseudonym, token_hash, created_at)
    VALUES (p_id, p_session, p_pseudonym, kit.hash(p_token), kit.clamped_time(p_created_at));
    RETURN 'ok';
END $$;

CREATE OR REPLACE FUNCTION kit_api.import_answer(
    p_session text, p_secret text, p_participant text, p_tool text, p_subject text,
    p_kind text, p_payload text, p_created_at double precision)
RETURNS text LANGUAGE plpgsql SECURITY DEFINER SET search_path = kit, pg_temp AS $$
BEGIN
    PERFORM kit.checked_text(p_tool, @MAX_NAME@, 'tool');
    PERFORM kit.checked_text(p_subject, @MAX_NAME@, 'subject');
    PERFORM kit.checked_text(p_kind, @MAX_NAME@, 'kind');
    PERFORM kit.checked_payload(p_payload);
    IF NOT kit.is_facilitator(p_session, p_secret) THEN
        PERFORM kit.note_failure('secret', p_session);
        RETURN 'denied';
    END IF;
    IF p_participant IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM kit.participants p
        WHERE p.id = p_participant AND p.session_id = p_session) THEN
        RETURN 'denied';
    END IF;
    INSERT INTO kit.answers (session_id, participant_id, tool, subject, kind, payload, created_at)
    VALUES (p_session, p_participant, p_tool, p_subject, p_kind, p_payload,
            kit.clamped_time(p_created_at));
    RETURN 'ok';
END $$;

-- Functions are executable by PUBLIC unless revoked; the grants to the runtime
-- role are made by ``kit store-setup`` (and kept when a function is replaced).
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA kit FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA kit_api FROM PUBLIC;
"""


def install_sql(max_title: int, max_pseudonym: int, max_payload: int) -> str:
    """The whole schema, ready to run by the owner (idempotent)."""
    values = {
        "@CHANNEL@": CHANNEL,
        "@WINDOW@": str(guard.WINDOW_SECONDS),
        "@PER_SOURCE@": str(guard.MAX_PER_SOURCE),
        "@ALL@": str(guard.MAX_ALL),
        "@LOCK_GUESSES@": str(LOCK_GUESSES),
        "@ALPHABET@": codes.CODE_ALPHABET,
        "@CODE_LENGTH@": str(codes.CODE_LENGTH),
        "@SCHEMA_VERSION@": str(SCHEMA_VERSION),
        "@MAX_TITLE@": str(max_title),
        "@MAX_PSEUDONYM@": str(max_pseudonym),
        "@MAX_PAYLOAD@": str(max_payload),
        "@MAX_NAME@": str(guard.MAX_NAME),
    }
    text = _TABLES + SERIES_TABLES + _HELPERS + _TRIGGERS + _API
    for key, value in values.items():
        text = text.replace(key, value)
    return text + series_api_sql()


def grant_sql(runtime_role: str) -> str:
    """What the owner grants the runtime role: the door, nothing else."""
    role = '"' + runtime_role.replace('"', '""') + '"'
    return f"""
GRANT USAGE ON SCHEMA kit_api TO {role};
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA kit_api TO {role};
ALTER DEFAULT PRIVILEGES IN SCHEMA kit_api GRANT EXECUTE ON FUNCTIONS TO {role};
"""
