-- Two nodes per tier: the views put each row in exactly one hub.
INSERT INTO nodes (node_id, domain, is_active, db_instance_class, db_storage_gb, plan_type)
VALUES ('acme-corp', 'acme.example.com', TRUE, 'db.t3.small', 50, 'pro');

INSERT INTO nodes (node_id, domain, is_active, db_instance_class, db_storage_gb, plan_type)
VALUES ('basic-co', 'basic.example.com', TRUE, 'db.t3.micro', 20, 'basic');

INSERT INTO nodes (node_id, domain, is_active, db_instance_class, db_storage_gb, db_multi_az, plan_type)
VALUES ('globex-corp', 'globex.example.com', TRUE, 'db.m5.large', 200, TRUE, 'enterprise');

INSERT INTO nodes (node_id, domain, is_active, db_instance_class, db_storage_gb, db_multi_az, plan_type)
VALUES ('initech', 'initech.example.com', TRUE, 'db.m5.large', 100, TRUE, 'enterprise');
