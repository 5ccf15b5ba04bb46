-- The seed's hub table, and one view per plan tier (the seed's "Cost Optimization": "Use database
-- views to filter nodes by plan. Then create separate registries and templates per plan tier").
-- No database statement: run it inside whichever database you use.
CREATE TABLE IF NOT EXISTS nodes (
  node_id VARCHAR(63) PRIMARY KEY,
  domain VARCHAR(255) NOT NULL,
  is_active BOOLEAN DEFAULT TRUE,

  -- Database provisioning
  db_type VARCHAR(20) DEFAULT 'postgres',           -- postgres, mysql
  db_instance_class VARCHAR(30) DEFAULT 'db.t3.micro',
  db_storage_gb INT DEFAULT 20,
  db_multi_az BOOLEAN DEFAULT FALSE,

  -- RDS identifier (populated after provisioning)
  rds_instance_id VARCHAR(255),
  rds_endpoint VARCHAR(255),

  plan_type VARCHAR(20) DEFAULT 'basic'             -- basic, pro, enterprise
);

-- The seed's view, as written: the enterprise-tier hub reads it.
CREATE OR REPLACE VIEW enterprise_nodes AS
SELECT * FROM nodes WHERE plan_type = 'enterprise' AND is_active = TRUE;

-- Every other plan (basic, pro): the basic-tier hub reads it.
CREATE OR REPLACE VIEW basic_nodes AS
SELECT * FROM nodes WHERE plan_type <> 'enterprise' AND is_active = TRUE;
