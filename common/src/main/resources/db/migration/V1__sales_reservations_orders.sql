-- Seckill system of record. Portable between MySQL 8 and MariaDB 10.11.
-- All DATETIME columns hold UTC (the services force the session time zone to UTC).

CREATE TABLE sales (
    sale_id        VARCHAR(64)  NOT NULL,
    item           VARCHAR(200) NOT NULL,
    stock          INT          NOT NULL,
    reserved       INT          NOT NULL DEFAULT 0,
    per_user_limit INT          NOT NULL,
    starts_at      DATETIME(3)  NOT NULL,
    ends_at        DATETIME(3)  NOT NULL,
    created_at     DATETIME(3)  NOT NULL,
    PRIMARY KEY (sale_id),
    -- The database is the last guard against oversell, whatever Redis believed.
    CONSTRAINT sales_reserved_within_stock CHECK (reserved >= 0 AND reserved <= stock),
    CONSTRAINT sales_limit_positive CHECK (per_user_limit >= 1)
);

CREATE TABLE user_quotas (
    sale_id VARCHAR(64)  NOT NULL,
    user_id VARCHAR(128) NOT NULL,
    bought  INT          NOT NULL,
    PRIMARY KEY (sale_id, user_id),
    CONSTRAINT user_quotas_non_negative CHECK (bought >= 0)
);

CREATE TABLE reservations (
    purchase_id CHAR(36)     NOT NULL,
    sale_id     VARCHAR(64)  NOT NULL,
    user_id     VARCHAR(128) NOT NULL,
    quantity    INT          NOT NULL,
    status      VARCHAR(16)  NOT NULL,
    reason      VARCHAR(32)  NULL,
    created_at  DATETIME(3)  NOT NULL,
    PRIMARY KEY (purchase_id),
    KEY reservations_by_sale (sale_id, status)
);

CREATE TABLE orders (
    order_id         CHAR(36)     NOT NULL,
    purchase_id      CHAR(36)     NOT NULL,
    sale_id          VARCHAR(64)  NOT NULL,
    user_id          VARCHAR(128) NOT NULL,
    quantity         INT          NOT NULL,
    status           VARCHAR(20)  NOT NULL,
    payment_deadline DATETIME(3)  NOT NULL,
    created_at       DATETIME(3)  NOT NULL,
    paid_at          DATETIME(3)  NULL,
    expired_at       DATETIME(3)  NULL,
    -- Set when an expiry committed here but Redis has not yet been given the stock back.
    restock_pending  BOOLEAN      NOT NULL DEFAULT FALSE,
    PRIMARY KEY (order_id),
    CONSTRAINT orders_one_per_purchase UNIQUE (purchase_id),
    KEY orders_by_deadline (status, payment_deadline),
    KEY orders_by_sale (sale_id, status),
    KEY orders_restock (restock_pending)
);
