variable "jobs_url" {
  type = string
}

variable "db_host" {
  type = string
}

resource "aws_ecs_task_definition" "this" {
  family = "orders"
  container_definitions = jsonencode([{
    name  = "orders"
    image = "example/orders:1"
    environment = [
      { name = "JOBS_QUEUE_URL", value = var.jobs_url },
      { name = "DB_HOST", value = var.db_host },
    ]
  }])
}

resource "aws_ecs_service" "this" {
  name            = "orders"
  task_definition = aws_ecs_task_definition.this.arn
  desired_count   = 2
}
