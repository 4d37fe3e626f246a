create table audit (id bigint primary key, note varchar(100));
insert into audit values (1, 'migrated');
