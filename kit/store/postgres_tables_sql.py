"""The PostgreSQL tables, triggers and internal helper functions in ``kit``.

Only the owner role reaches these; :mod:`kit.store.postgres_sql` adds the
``kit_api`` functions the runtime role calls. Placeholders such as ``@CHANNEL@``
are filled in by :func:`kit.store.postgres_sql.install_sql`.
"""

from __future__ import annotations

TABLES = """
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
-- Since schema 4: the hash of a participant's recovery word (kit.store.words).
ALTER TABLE kit.participants ADD COLUMN IF NOT EXISTS recovery_hash TEXT;
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

TRIGGERS = """
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

HELPERS = """
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
-- codes or recovery words lately. Only these count: tokens and secrets are far
-- too long to guess,
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
        WHERE f.source = me AND f.at > since AND f.kind IN ('code', 'word'))
        < @PER_SOURCE@
       AND (SELECT count(*) FROM kit.failed_attempts f
            WHERE f.at > since AND f.kind IN ('code', 'word')) < @ALL@ THEN
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
