-- authkit tables for H2 2.x. Apply once (idempotent); see README "API keys".
-- API keys: only the public key id, the prefix and a 32-byte SHA-256 / HMAC-SHA-256 hash of the key.
CREATE TABLE IF NOT EXISTS authkit_api_key (
  key_id               VARCHAR(12)    NOT NULL PRIMARY KEY,
  prefix               VARCHAR(32)    NOT NULL,
  secret_hash          BINARY VARYING(32) NOT NULL,
  subject              VARCHAR(255)   NOT NULL,
  tenant               VARCHAR(255),
  scopes               VARCHAR(8000)  NOT NULL,
  roles                VARCHAR(8000)  NOT NULL,
  created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at           TIMESTAMP WITH TIME ZONE,
  revoked_at           TIMESTAMP WITH TIME ZONE,
  last_used_at         TIMESTAMP WITH TIME ZONE,
  rate_limit_capacity  BIGINT,
  rate_limit_period_ms BIGINT
);
CREATE INDEX IF NOT EXISTS authkit_api_key_subject ON authkit_api_key (subject);
-- Revoked JWTs, shared by every instance (JdbcRevocationList).
CREATE TABLE IF NOT EXISTS authkit_revoked_token (
  issuer     VARCHAR(1024) NOT NULL,
  token_id   VARCHAR(512)  NOT NULL,
  expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (issuer, token_id)
);
CREATE TABLE IF NOT EXISTS authkit_revoked_subject (
  issuer        VARCHAR(1024) NOT NULL,
  subject       VARCHAR(512)  NOT NULL,
  issued_before TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (issuer, subject)
);
