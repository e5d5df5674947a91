"""PostgreSQL tables and ``kit_api`` functions for a team's series (reeks).

Same rules as :mod:`kit.store.postgres_sql`: the runtime role reaches the
tables only through these ``SECURITY DEFINER`` functions, each of which checks
the team key (and, to add a session, the session's facilitator secret) and
answers with a ``status`` instead of raising. A wrong team key is written to
``kit.failed_attempts`` (kind ``team``).
"""

from __future__ import annotations

from kit.store.series import MAX_RETENTION_DAYS, MAX_TEAM_NAME

SERIES_TABLES = """
CREATE TABLE IF NOT EXISTS kit.teams (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    secret_hash TEXT NOT NULL UNIQUE,
    created_at DOUBLE PRECISION NOT NULL,
    retention_days INTEGER
);
CREATE TABLE IF NOT EXISTS kit.series_sessions (
    session_id TEXT PRIMARY KEY REFERENCES kit.sessions(id) ON DELETE CASCADE,
    team_id TEXT NOT NULL REFERENCES kit.teams(id),
    place INTEGER NOT NULL,
    held_at DOUBLE PRECISION NOT NULL,
    UNIQUE (team_id, place)
);
CREATE INDEX IF NOT EXISTS series_by_team ON kit.series_sessions(team_id, place);
"""

_API = """
CREATE OR REPLACE FUNCTION kit.is_team(p_team text, p_secret text)
RETURNS boolean LANGUAGE sql STABLE SET search_path = kit, pg_temp AS $$
    SELECT coalesce(p_secret, '') <> '' AND EXISTS (
        SELECT 1 FROM kit.teams t WHERE t.id = p_team AND t.secret_hash = kit.hash(p_secret))
$$;

-- 'ok' for the team's key; otherwise the failure is written down.
CREATE OR REPLACE FUNCTION kit.team_status(p_team text, p_secret text)
RETURNS text LANGUAGE plpgsql VOLATILE SET search_path = kit, pg_temp AS $$
BEGIN
    IF kit.is_team(p_team, p_secret) THEN
        RETURN 'ok';
    END IF;
    PERFORM kit.note_failure('team', p_team);
    RETURN 'denied';
END $$;

CREATE OR REPLACE FUNCTION kit.checked_days(p_days int) RETURNS int
LANGUAGE plpgsql VOLATILE SET search_path = kit, pg_temp AS $$
BEGIN
    IF p_days IS NOT NULL AND (p_days < 1 OR p_days > @MAX_DAYS@) THEN
        PERFORM kit.refuse('retention');
    END IF;
    RETURN p_days;
END $$;

CREATE OR REPLACE FUNCTION kit_api.create_team(p_name text, p_secret text, p_days int)
RETURNS TABLE (status text, id text, name text, created_at double precision,
               retention_days int)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kit, pg_temp AS $$
#variable_conflict use_column
DECLARE
    v_id text := kit.new_id();
    v_at double precision := kit.now();
BEGIN
    PERFORM kit.checked_text(p_name, @MAX_NAME@, 'team_name');
    PERFORM kit.checked_secret(p_secret);
    PERFORM kit.checked_days(p_days);
    INSERT INTO kit.teams (id, name, secret_hash, created_at, retention_days)
    VALUES (v_id, p_name, kit.hash(p_secret), v_at, p_days);
    RETURN QUERY SELECT 'ok'::text, v_id, p_name, v_at, p_days;
END $$;

CREATE OR REPLACE FUNCTION kit_api.open_team(p_secret text)
RETURNS TABLE (status text, id text, name text, created_at double precision,
               retention_days int)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kit, pg_temp AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY SELECT 'ok'::text, t.id, t.name, t.created_at, t.retention_days
        FROM kit.teams t
        WHERE coalesce(p_secret, '') <> '' AND t.secret_hash = kit.hash(p_secret);
    IF NOT FOUND THEN
        PERFORM kit.note_failure('team', '');
        RETURN QUERY SELECT 'denied'::text, NULL::text, NULL::text, NULL::float8, NULL::int;
    END IF;
END $$;

CREATE OR REPLACE FUNCTION kit_api.check_team(p_team text, p_secret text)
RETURNS text LANGUAGE sql SECURITY DEFINER SET search_path = kit, pg_temp AS $$
    SELECT kit.team_status(p_team, p_secret)
$$;

CREATE OR REPLACE FUNCTION kit_api.set_series_retention(
    p_team text, p_secret text, p_days int)
RETURNS text LANGUAGE plpgsql SECURITY DEFINER SET search_path = kit, pg_temp AS $$
DECLARE
    v_status text;
BEGIN
    PERFORM kit.checked_days(p_days);
    v_status := kit.team_status(p_team, p_secret);
    IF v_status = 'ok' THEN
        UPDATE kit.teams t SET retention_days = p_days WHERE t.id = p_team;
    END IF;
    RETURN v_status;
END $$;

-- The next place in the series; takes the team key and the session's secret.
CREATE OR REPLACE FUNCTION kit_api.add_to_series(
    p_team text, p_team_secret text, p_session text, p_session_secret text,
    p_held_at double precision)
RETURNS TABLE (status text, place int)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kit, pg_temp AS $$
#variable_conflict use_column
DECLARE
    v_team text;
    v_place int;
BEGIN
    IF kit.team_status(p_team, p_team_secret) <> 'ok' THEN
        RETURN QUERY SELECT 'denied'::text, NULL::int;
        RETURN;
    END IF;
    IF NOT kit.is_facilitator(p_session, p_session_secret) THEN
        PERFORM kit.note_failure('secret', p_session);
        RETURN QUERY SELECT 'denied'::text, NULL::int;
        RETURN;
    END IF;
    PERFORM 1 FROM kit.teams t WHERE t.id = p_team FOR UPDATE;
    SELECT l.team_id, l.place INTO v_team, v_place
        FROM kit.series_sessions l WHERE l.session_id = p_session;
    IF v_team IS NOT NULL THEN
        RETURN QUERY SELECT CASE WHEN v_team = p_team THEN 'ok' ELSE 'other_team' END,
            v_place;
        RETURN;
    END IF;
    SELECT coalesce(max(l.place), 0) + 1 INTO v_place
        FROM kit.series_sessions l WHERE l.team_id = p_team;
    INSERT INTO kit.series_sessions (session_id, team_id, place, held_at)
    SELECT p_session, p_team, v_place,
           CASE WHEN p_held_at IS NULL THEN s.created_at
                ELSE kit.clamped_time(p_held_at) END
      FROM kit.sessions s WHERE s.id = p_session;
    RETURN QUERY SELECT 'ok'::text, v_place;
END $$;

CREATE OR REPLACE FUNCTION kit_api.find_series(p_team text, p_secret text)
RETURNS TABLE (status text, id text, code text, title text, created_at double precision,
               place int, held_at double precision, participants bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kit, pg_temp AS $$
#variable_conflict use_column
BEGIN
    IF kit.team_status(p_team, p_secret) <> 'ok' THEN
        RETURN QUERY SELECT 'denied'::text, NULL::text, NULL::text, NULL::text,
            NULL::float8, NULL::int, NULL::float8, NULL::bigint;
        RETURN;
    END IF;
    RETURN QUERY SELECT 'ok'::text, s.id, s.code, s.title, s.created_at, l.place,
            l.held_at,
            (SELECT count(*) FROM kit.participants p WHERE p.session_id = s.id)
        FROM kit.series_sessions l JOIN kit.sessions s ON s.id = l.session_id
        WHERE l.team_id = p_team ORDER BY l.place;
END $$;

-- Which series a session is in: its facilitator may know.
CREATE OR REPLACE FUNCTION kit_api.series_of(p_session text, p_secret text)
RETURNS TABLE (status text, team_id text, team_name text, place int)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kit, pg_temp AS $$
#variable_conflict use_column
BEGIN
    IF NOT kit.is_facilitator(p_session, p_secret) THEN
        PERFORM kit.note_failure('secret', p_session);
        RETURN QUERY SELECT 'denied'::text, NULL::text, NULL::text, NULL::int;
        RETURN;
    END IF;
    RETURN QUERY SELECT 'ok'::text, t.id, t.name, l.place
        FROM kit.series_sessions l JOIN kit.teams t ON t.id = l.team_id
        WHERE l.session_id = p_session;
END $$;

CREATE OR REPLACE FUNCTION kit.series_member(p_team text, p_secret text, p_session text)
RETURNS text LANGUAGE plpgsql VOLATILE SET search_path = kit, pg_temp AS $$
BEGIN
    IF kit.team_status(p_team, p_secret) <> 'ok' THEN
        RETURN 'denied';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM kit.series_sessions l
                   WHERE l.team_id = p_team AND l.session_id = p_session) THEN
        RETURN 'not_found';
    END IF;
    RETURN 'ok';
END $$;

CREATE OR REPLACE FUNCTION kit_api.find_series_answers(
    p_team text, p_secret text, p_session text)
RETURNS TABLE (status text, seq bigint, session_id text, participant_id text, tool text,
               subject text, kind text, payload text, created_at double precision)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kit, pg_temp AS $$
#variable_conflict use_column
DECLARE
    v_status text := kit.series_member(p_team, p_secret, p_session);
BEGIN
    IF v_status <> 'ok' THEN
        RETURN QUERY SELECT v_status, NULL::bigint, NULL::text, NULL::text, NULL::text,
            NULL::text, NULL::text, NULL::text, NULL::float8;
        RETURN;
    END IF;
    RETURN QUERY SELECT 'ok'::text, a.seq, a.session_id, a.participant_id, a.tool,
            a.subject, a.kind, a.payload, a.created_at
        FROM kit.answers a WHERE a.session_id = p_session ORDER BY a.seq;
END $$;

CREATE OR REPLACE FUNCTION kit_api.find_series_participants(
    p_team text, p_secret text, p_session text)
RETURNS TABLE (status text, id text, session_id text, pseudonym text,
               created_at double precision)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = kit, pg_temp AS $$
#variable_conflict use_column
DECLARE
    v_status text := kit.series_member(p_team, p_secret, p_session);
BEGIN
    IF v_status <> 'ok' THEN
        RETURN QUERY SELECT v_status, NULL::text, NULL::text, NULL::text, NULL::float8;
        RETURN;
    END IF;
    RETURN QUERY SELECT 'ok'::text, p.id, p.session_id, p.pseudonym, p.created_at
        FROM kit.participants p WHERE p.session_id = p_session
        ORDER BY p.created_at, p.id;
END $$;

-- The series as a whole: every session in it, its people and answers, the team.
CREATE OR REPLACE FUNCTION kit_api.remove_series(p_team text, p_secret text)
RETURNS text LANGUAGE plpgsql SECURITY DEFINER SET search_path = kit, pg_temp AS $$
DECLARE
    v_status text := kit.team_status(p_team, p_secret);
    v_ids text[];
BEGIN
    IF v_status = 'ok' THEN
        SELECT coalesce(array_agg(l.session_id), '{}') INTO v_ids
            FROM kit.series_sessions l WHERE l.team_id = p_team;
        DELETE FROM kit.answers a WHERE a.session_id = ANY (v_ids);
        DELETE FROM kit.participants p WHERE p.session_id = ANY (v_ids);
        DELETE FROM kit.sessions s WHERE s.id = ANY (v_ids);
        DELETE FROM kit.teams t WHERE t.id = p_team;
    END IF;
    RETURN v_status;
END $$;

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA kit FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA kit_api FROM PUBLIC;
"""


def series_api_sql() -> str:
    """The series' functions with the kit's limits filled in."""
    return _API.replace("@MAX_NAME@", str(MAX_TEAM_NAME)).replace(
        "@MAX_DAYS@", str(MAX_RETENTION_DAYS)
    )
