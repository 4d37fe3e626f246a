create table if not exists note (id bigint auto_increment primary key, text varchar(1000) not null);
