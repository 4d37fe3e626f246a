alter table item add column price integer not null default 7;
