-- A sale may have a waiting room (issue 11). Portable between MySQL 8 and MariaDB 10.11.
-- waiting_room says whether it has one; the other columns are its settings and NULL
-- without one. room_rate is shoppers admitted per second, NULL with a waiting room meaning
-- "automatic" (what the ingress's admission limiter measures it can serve).
ALTER TABLE sales
    ADD COLUMN waiting_room        BOOLEAN NOT NULL DEFAULT FALSE,
    ADD COLUMN room_rate           INT     NULL,
    ADD COLUMN room_prequeue_secs  INT     NULL,
    ADD COLUMN room_admission_secs INT     NULL;
