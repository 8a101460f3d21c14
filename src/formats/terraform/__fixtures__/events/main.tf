module "jobs" {
  source = "terraform-aws-modules/sqs/aws"
  name   = "jobs"
}

module "indexer" {
  source        = "terraform-aws-modules/lambda/aws"
  function_name = "indexer"
  allowed_triggers = {
    jobs = {
      service    = "sqs"
      source_arn = module.jobs.queue_arn
    }
  }
  event_source_mapping = {
    jobs = {
      event_source_arn = module.jobs.queue_arn
    }
  }
}

module "orders" {
  source    = "./modules/service"
  jobs_url  = module.jobs.queue_url
  db_host   = aws_db_proxy.orders.endpoint
}

resource "aws_lambda_function" "nightly" {
  function_name = "nightly"
  runtime       = "python3.12"
  handler       = "app.handler"
}

resource "aws_cloudwatch_event_rule" "nightly" {
  name                = "nightly"
  schedule_expression = "cron(0 3 * * ? *)"
}

resource "aws_cloudwatch_event_target" "nightly" {
  rule = aws_cloudwatch_event_rule.nightly.name
  arn  = aws_lambda_function.nightly.arn
}

resource "aws_lambda_permission" "nightly" {
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.nightly.function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.nightly.arn
}

resource "aws_s3_bucket" "uploads" {
  bucket = "uploads"
}

resource "aws_lambda_function" "thumbnails" {
  function_name = "thumbnails"
  runtime       = "python3.12"
  handler       = "app.handler"
}

resource "aws_s3_bucket_notification" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  lambda_function {
    lambda_function_arn = aws_lambda_function.thumbnails.arn
    events              = ["s3:ObjectCreated:*"]
  }
}

resource "aws_s3_bucket_policy" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = { AWS = aws_lambda_function.thumbnails.arn }, Resource = aws_s3_bucket.uploads.arn }]
  })
}

resource "aws_kinesis_stream" "clicks" {
  name        = "clicks"
  shard_count = 1
}

resource "aws_sqs_queue" "failed_clicks" {
  name = "failed-clicks"
}

resource "aws_sqs_queue_policy" "failed_clicks" {
  queue_url = aws_sqs_queue.failed_clicks.id
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Resource = aws_sqs_queue.failed_clicks.arn, Condition = { ArnEquals = { "aws:SourceArn" = aws_kinesis_stream.clicks.arn } } }]
  })
}

resource "aws_lambda_function" "clicks" {
  function_name = "clicks"
  runtime       = "python3.12"
  handler       = "app.handler"
}

resource "aws_lambda_event_source_mapping" "clicks" {
  event_source_arn  = aws_kinesis_stream.clicks.arn
  function_name     = aws_lambda_function.clicks.arn
  starting_position = "LATEST"
  destination_config {
    on_failure {
      destination_arn = aws_sqs_queue.failed_clicks.arn
    }
  }
}

resource "aws_rds_cluster" "orders" {
  cluster_identifier = "orders"
  engine             = "aurora-postgresql"
}

resource "aws_db_proxy" "orders" {
  name          = "orders"
  engine_family = "POSTGRESQL"
  role_arn      = "arn:aws:iam::123456789012:role/proxy"
  vpc_subnet_ids = ["subnet-1"]
  auth {
    auth_scheme = "SECRETS"
    secret_arn  = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders"
  }
}

resource "aws_db_proxy_default_target_group" "orders" {
  db_proxy_name = aws_db_proxy.orders.name
}

resource "aws_db_proxy_target" "orders" {
  db_proxy_name         = aws_db_proxy.orders.name
  target_group_name     = aws_db_proxy_default_target_group.orders.name
  db_cluster_identifier = aws_rds_cluster.orders.id
}
