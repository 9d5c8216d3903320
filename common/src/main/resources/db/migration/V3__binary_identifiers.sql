-- Identifiers compare byte for byte (issue 12 item 1). The tables took the server's default
-- collation, case- and accent-blind (utf8mb4_general_ci on MariaDB, utf8mb4_0900_ai_ci on
-- MySQL 8): the user ids "casey", "CASEY" and "Casey" shared one quota row, "GET
-- /api/sales/BARS-X" answered the sale "bars-x", and "ADM-X" could not be created beside
-- "adm-x", while Redis and Java told them apart.
--
-- utf8mb4_bin rather than ascii_bin: the ids arrive from the drivers as utf8mb4 strings,
-- and a column of the same character set compares them as they are, by code point (which
-- for UTF-8 is byte order), using its index; an ascii column would have MySQL convert the
-- other side, and refuse ("Illegal mix of collations", a 500) or store "?" for any
-- character outside ASCII. A JWT "sub" is any string an identity provider chooses, so
-- user_id must hold all of Unicode. utf8mb4_bin exists under that name in MySQL 8 and
-- MariaDB alike (the NO PAD binary collations do not: utf8mb4_0900_bin is MySQL's only,
-- utf8mb4_nopad_bin MariaDB's only). utf8mb4_bin pads, so "a" and "a " still compare
-- equal here; the edge admits no space in any id (SaleIds, the JWT sub rule, UUIDs), and
-- the README says so.
--
-- Widths and nullability are unchanged; every primary, unique and secondary key over these
-- columns is rebuilt with them. Nothing that was distinct becomes equal, so no key can
-- start to clash.

ALTER TABLE sales
    MODIFY sale_id VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL;

ALTER TABLE user_quotas
    MODIFY sale_id VARCHAR(64)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    MODIFY user_id VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL;

ALTER TABLE reservations
    MODIFY purchase_id CHAR(36)     CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    MODIFY sale_id     VARCHAR(64)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    MODIFY user_id     VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL;

ALTER TABLE orders
    MODIFY order_id    CHAR(36)     CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    MODIFY purchase_id CHAR(36)     CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    MODIFY sale_id     VARCHAR(64)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    MODIFY user_id     VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL;

-- Columns added later take the tables' default: make that binary too, so a new id column
-- does not bring the case-blind comparison back.
ALTER TABLE sales DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
ALTER TABLE user_quotas DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
ALTER TABLE reservations DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
ALTER TABLE orders DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
