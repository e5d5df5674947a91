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
from kit.store.postgres_tables_sql import HELPERS, TABLES, TRIGGERS

#: Returned by ``kit_api.schema_version()``; a kernel refuses a database whose
#: functions are older or newer than its own code, and the owner's store
#: reinstalls when it differs. Raise it with every change to the SQL below.
SCHEMA_VERSION = 4
CHANNEL = "kit_answers"
#: First key of the advisory locks the kit takes (schema install, guessing).
LOCK_SCHEMA = 7_302_715
LOCK_GUESSES = 7_302_716

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

-- Schema 4 added p_word: the old three-argument function must not linger.
DROP FUNCTION IF EXISTS kit_api.add_participant(text, text, text);

-- With a recovery word (a person joining) the pseudonym must be free in the
-- session ('taken' otherwise); the word is stored as a salted hash.
CREATE OR REPLACE FUNCTION kit_api.add_participant(
    p_code text, p_pseudonym text, p_token text, p_word text DEFAULT NULL)
RETURNS TABLE (status text, id text, session_id text, pseudonym text, created_at double precision)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kit, pg_temp AS $$
#variable_conflict use_column
DECLARE
    v_session text;
    v_id text := kit.new_id();
    v_at double precision := kit.now();
    v_word text := nullif(p_word, '');
BEGIN
    PERFORM kit.checked_text(p_pseudonym, @MAX_PSEUDONYM@, 'pseudonym');
    PERFORM kit.checked_secret(p_token);
    IF v_word IS NOT NULL THEN
        PERFORM kit.checked_text(v_word, 100, 'word');
    END IF;
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
    IF v_word IS NOT NULL THEN
        -- Two people joining with one pseudonym at once: one after the other.
        PERFORM 1 FROM kit.sessions s WHERE s.id = v_session FOR NO KEY UPDATE;
        IF EXISTS (SELECT 1 FROM kit.participants p WHERE p.session_id = v_session
                   AND lower(p.pseudonym) = lower(p_pseudonym)) THEN
            RETURN QUERY SELECT 'taken'::text, NULL::text, NULL::text, NULL::text, NULL::float8;
            RETURN;
        END IF;
    END IF;
    INSERT INTO kit.participants (id, session_id, pseudonym, token_hash, created_at, recovery_hash)
    VALUES (v_id, v_session, p_pseudonym, kit.hash(p_token), v_at,
            CASE WHEN v_word IS NULL THEN NULL ELSE kit.hash(v_id || ':' || v_word) END);
    RETURN QUERY SELECT 'ok'::text, v_id, v_session, p_pseudonym, v_at;
END $$;

-- A seat back on another device: the session code, the pseudonym and its
-- recovery word. A wrong word is a failed guess, counted like a wrong code.
CREATE OR REPLACE FUNCTION kit_api.recover_participant(
    p_code text, p_pseudonym text, p_word text, p_new_token text)
RETURNS TABLE (status text, id text, session_id text, pseudonym text, created_at double precision)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kit, pg_temp AS $$
#variable_conflict use_column
DECLARE
    v_session text;
    v_id text;
BEGIN
    PERFORM kit.checked_secret(p_new_token);
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
    SELECT p.id INTO v_id FROM kit.participants p
    WHERE p.session_id = v_session AND lower(p.pseudonym) = lower(p_pseudonym)
      AND coalesce(p_word, '') <> ''
      AND p.recovery_hash = kit.hash(p.id || ':' || p_word)
    LIMIT 1;
    IF v_id IS NULL THEN
        PERFORM kit.note_failure('word', v_session);
        RETURN QUERY SELECT 'denied'::text, NULL::text, NULL::text, NULL::text, NULL::float8;
        RETURN;
    END IF;
    UPDATE kit.participants p SET token_hash = kit.hash(p_new_token) WHERE p.id = v_id;
    RETURN QUERY SELECT 'ok'::text, p.id, p.session_id, p.pseudonym, p.created_at
        FROM kit.participants p WHERE p.id = v_id;
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
    text = TABLES + SERIES_TABLES + HELPERS + TRIGGERS + _API
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
